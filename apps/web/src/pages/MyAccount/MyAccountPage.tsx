import { Page } from '../../components/Page.tsx';
import { account } from '../../labels.ts';
import { ProfileForm } from './ProfileForm.tsx';
import { SecurityHistory } from './SecurityHistory.tsx';

export function MyAccountPage() {
  return (
    <Page title={account.title}>
      <ProfileForm />
      <SecurityHistory />
    </Page>
  );
}
