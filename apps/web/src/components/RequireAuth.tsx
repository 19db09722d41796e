import { Center, Loader } from '@mantine/core';
import { Navigate, Outlet, useLocation } from 'react-router';
import { common } from '../labels.ts';
import { useSession } from '../session.ts';

/** Protected pages: anyone not fully signed in goes to « Connexion », then comes back. */
export function RequireAuth() {
  const { data, isPending } = useSession();
  const location = useLocation();
  if (isPending) {
    return (
      <Center py="xl">
        <Loader aria-label={common.loading} />
      </Center>
    );
  }
  if (data?.stage !== 'signed-in') {
    return <Navigate to="/connexion" replace state={{ from: location.pathname + location.search }} />;
  }
  return <Outlet />;
}
