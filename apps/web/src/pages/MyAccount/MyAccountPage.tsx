import { Page } from '../../components/Page.tsx';
import { account } from '../../labels.ts';
import { ApiTokens } from './ApiTokens.tsx';
import { ProfileForm } from './ProfileForm.tsx';
import { SecurityHistory } from './SecurityHistory.tsx';

export function MyAccountPage() {
  return (
    <Page title={account.title}>
      <ProfileForm />
      <ApiTokens />
      <SecurityHistory />
    </Page>
  );
}
