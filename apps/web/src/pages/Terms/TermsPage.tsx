import { Page } from '../../components/Page.tsx';
import { TermsText } from '../../components/TermsText.tsx';
import { terms } from '../../labels.ts';

export function TermsPage() {
  return (
    <Page title={terms.title}>
      <TermsText />
    </Page>
  );
}
