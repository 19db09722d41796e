import { Anchor, Button, Center, Group, Loader, Paper, Stack, Text } from '@mantine/core';
import { schemaResolver, useForm } from '@mantine/form';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { setPasswordWithTokenSchema, type TokenPurpose } from '@chorale/contracts';
import { ApiError, errorMessage } from '../../api-client/client.ts';
import { accountsApi, sessionApi } from '../../api-client/endpoints.ts';
import { FormAlert } from '../../components/FormAlert.tsx';
import { applyServerError, focusFirstError, useFormAlert } from '../../components/form-errors.ts';
import { Page } from '../../components/Page.tsx';
import { PasswordFields } from '../../components/PasswordFields.tsx';
import { common, forgotPassword, nav, password } from '../../labels.ts';

type Purpose = Extract<TokenPurpose, 'activation' | 'password_reset'>;
const tokenErrors = new Set(['TOKEN_EXPIRED', 'TOKEN_USED', 'TOKEN_INVALID']);

/** What the user can do next depends on why the link no longer works. */
function nextStep(code: string | null, purpose: Purpose): { to: string; label: string } {
  if (purpose === 'password_reset')
    return {
      to: '/mot-de-passe-oublie',
      label: code === 'TOKEN_EXPIRED' ? password.requestNewLink : forgotPassword.title,
    };
  // An expired activation link: signing up again with the same address sends a new one.
  if (code === 'TOKEN_EXPIRED') return { to: '/creer-un-compte', label: nav.signUp };
  // A used activation link usually means the account is already active.
  return { to: '/connexion', label: nav.signIn };
}

function LinkProblem({ error, purpose }: { error: unknown; purpose: Purpose }) {
  const step = nextStep(error instanceof ApiError ? error.code : null, purpose);
  return (
    <Stack>
      <FormAlert message={errorMessage(error)} />
      <Anchor component={Link} to={step.to} style={{ alignSelf: 'flex-start' }}>
        {step.label}
      </Anchor>
    </Stack>
  );
}

function PasswordForm({ token, purpose }: { token: string; purpose: Purpose }) {
  const [linkError, setLinkError] = useState<unknown>(null);
  const form = useForm({
    mode: 'controlled',
    initialValues: { password: '', passwordConfirmation: '', token },
    validate: schemaResolver(setPasswordWithTokenSchema, { sync: true }),
  });
  const [alert, setAlert] = useFormAlert(form);
  const submit = useMutation({
    mutationFn: (values: { password: string; passwordConfirmation: string }) =>
      purpose === 'activation' ? accountsApi.activate(token, values) : sessionApi.confirmPasswordReset(token, values),
    onError: (error) => {
      if (error instanceof ApiError && tokenErrors.has(error.code)) setLinkError(error);
      else setAlert(applyServerError(form, error));
    },
  });

  if (linkError) return <LinkProblem error={linkError} purpose={purpose} />;
  if (submit.isSuccess) {
    return (
      <Stack role="status">
        <Text fw={600}>{purpose === 'activation' ? password.activated : password.resetDone}</Text>
        <Anchor component={Link} to="/connexion">
          {nav.signIn}
        </Anchor>
      </Stack>
    );
  }
  return (
    <form
      noValidate
      onSubmit={form.onSubmit(
        ({ password: pw, passwordConfirmation }) => {
          setAlert(null);
          submit.mutate({ password: pw, passwordConfirmation });
        },
        (errors) => {
          setAlert(common.formHasErrors);
          focusFirstError(form, errors);
        },
      )}
    >
      <Stack>
        <Text size="sm">{password.complexity}</Text>
        <Text size="sm" c="dimmed">
          {common.required}
        </Text>
        <FormAlert message={alert} />
        <PasswordFields form={form} />
        <Group>
          <Button type="submit" loading={submit.isPending}>
            {common.submit}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** « Mise à jour du mot de passe », reached from the activation or the reset mail. */
export function SetPasswordPage({ purpose }: { purpose: Purpose }) {
  const [params] = useSearchParams();
  const token = params.get('jeton') ?? '';
  const status = useQuery({
    queryKey: ['token-status', purpose, token],
    queryFn: () => accountsApi.tokenStatus(token, purpose),
    enabled: token.length > 0,
    retry: false,
    staleTime: Infinity,
  });

  let body;
  if (!token) body = <FormAlert message={password.missingToken} />;
  else if (status.isPending)
    body = (
      <Center py="md">
        <Loader aria-label={password.checking} />
      </Center>
    );
  else if (status.isError) body = <LinkProblem error={status.error} purpose={purpose} />;
  else body = <PasswordForm token={token} purpose={purpose} />;

  return (
    <Page title={password.title}>
      <Paper withBorder p="lg" maw={560}>
        {body}
      </Paper>
    </Page>
  );
}
