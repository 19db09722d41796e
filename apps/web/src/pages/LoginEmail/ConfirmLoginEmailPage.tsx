import { Anchor, Center, Loader, Paper, Stack } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { Link, useSearchParams } from 'react-router';
import { errorMessage } from '../../api-client/client.ts';
import { accountsApi } from '../../api-client/endpoints.ts';
import { FormAlert } from '../../components/FormAlert.tsx';
import { Page } from '../../components/Page.tsx';
import { common, loginEmail as labels, password } from '../../labels.ts';
import { sessionKey } from '../../session.ts';

/** Reached from the mail sent to the new address; the token is spent by the first request. */
export function ConfirmLoginEmailPage() {
  const [params] = useSearchParams();
  const token = params.get('jeton') ?? '';
  const client = useQueryClient();
  const confirm = useQuery({
    queryKey: ['confirm-login-email', token],
    queryFn: () => accountsApi.confirmLoginEmail(token),
    enabled: token.length > 0,
    retry: false,
    staleTime: Infinity,
    gcTime: Infinity,
  });
  useEffect(() => {
    if (confirm.isSuccess) void client.invalidateQueries({ queryKey: sessionKey });
  }, [confirm.isSuccess, client]);

  let body;
  if (!token) body = <FormAlert message={password.missingToken} />;
  else if (confirm.isPending)
    body = (
      <Center>
        <Loader aria-label={labels.confirming} />
      </Center>
    );
  else if (confirm.isError) body = <FormAlert message={errorMessage(confirm.error)} />;
  else body = <FormAlert color="green" message={labels.confirmed(confirm.data.loginEmail)} />;

  return (
    <Page title={labels.confirmTitle}>
      <Paper withBorder p="lg" maw={560}>
        <Stack>
          {body}
          <Anchor component={Link} to="/">
            {common.backHome}
          </Anchor>
        </Stack>
      </Paper>
    </Page>
  );
}
