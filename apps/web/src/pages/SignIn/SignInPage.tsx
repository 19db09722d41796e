import { Anchor, Button, Group, Paper, Stack, Text, TextInput } from '@mantine/core';
import { schemaResolver, useForm } from '@mantine/form';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, Navigate, useLocation, useNavigate } from 'react-router';
import { signInSchema, type SessionState } from '@chorale/contracts';
import { ApiError } from '../../api-client/client.ts';
import { sessionApi, type SelectFactorResult, type SignInResult } from '../../api-client/endpoints.ts';
import { PasswordField } from '../../components/PasswordField.tsx';
import { FormAlert } from '../../components/FormAlert.tsx';
import { applyServerError, focusFirstError, useFormAlert } from '../../components/form-errors.ts';
import { Page } from '../../components/Page.tsx';
import { common, nav, signIn } from '../../labels.ts';
import { markSignedIn } from '../../components/ReturnsAtSignInModal.tsx';
import { useSession, useSetSession } from '../../session.ts';
import { SecondFactorStep } from './SecondFactorStep.tsx';

export interface MfaState {
  factors: SignInResult['factors'];
  selection: SelectFactorResult;
}

export function SignInPage() {
  const navigate = useNavigate();
  const location = useLocation();
  const setSession = useSetSession();
  const { data: session } = useSession();
  const [mfa, setMfa] = useState<MfaState | null>(null);
  const [blocked, setBlocked] = useState(false);
  const from = (location.state as { from?: string } | null)?.from ?? '/';

  const form = useForm({
    mode: 'controlled',
    initialValues: { loginEmail: '', password: '' },
    validate: schemaResolver(signInSchema, { sync: true }),
  });
  const [alert, setAlert] = useFormAlert(form);

  const submit = useMutation({
    mutationFn: async (values: { loginEmail: string; password: string }) => {
      const result = await sessionApi.signIn(values.loginEmail, values.password);
      // The strongest factor is asked first; selecting it sends the mail code when it is the e-mail one.
      const selection = await sessionApi.selectFactor(result.factor.id);
      return { factors: result.factors, selection };
    },
    onSuccess: (state) => {
      setAlert(null);
      setMfa(state);
    },
    onError: (error) => {
      // The API says how long (its message); the portal says what happened, whatever the limit is.
      const isBlocked =
        error instanceof ApiError && (error.code === 'SIGN_IN_BLOCKED' || error.code === 'RATE_LIMITED');
      setBlocked(isBlocked);
      if (isBlocked) {
        form.clearErrors();
        // SIGN_IN_BLOCKED already says until when and what to do; a plain rate limit does not.
        setAlert(error.code === 'SIGN_IN_BLOCKED' ? error.message : `${error.message} ${signIn.blockedHint}`);
      } else setAlert(applyServerError(form, error));
    },
  });

  const onSignedIn = (state: SessionState) => {
    markSignedIn();
    setSession(state);
    navigate(from, { replace: true });
  };

  const onLocked = (message: string) => {
    setMfa(null);
    form.setFieldValue('password', '');
    setAlert(message);
  };

  if (!mfa && session?.stage === 'signed-in') return <Navigate to={from} replace />;

  return (
    <Page title={signIn.title}>
      <Paper withBorder p="lg" maw={520}>
        {mfa ? (
          <SecondFactorStep mfa={mfa} onChange={setMfa} onSignedIn={onSignedIn} onLocked={onLocked} />
        ) : (
          <form
            noValidate
            onSubmit={form.onSubmit(
              (values) => submit.mutate(values),
              (errors) => {
                setAlert(common.formHasErrors);
                focusFirstError(form, errors);
              },
            )}
          >
            <Stack>
              <FormAlert message={alert} title={blocked ? signIn.blockedTitle : undefined} />
              <TextInput
                label={signIn.loginEmail}
                type="email"
                autoComplete="username"
                required
                {...form.getInputProps('loginEmail')}
              />
              <PasswordField
                label={signIn.password}
                autoComplete="current-password"
                required
                {...form.getInputProps('password')}
              />
              <Group justify="space-between">
                <Button type="submit" loading={submit.isPending}>
                  {signIn.submit}
                </Button>
                <Anchor component={Link} to="/mot-de-passe-oublie" size="sm">
                  {signIn.forgotten}
                </Anchor>
              </Group>
              <Text size="sm">
                {signIn.noAccount}{' '}
                <Anchor component={Link} to="/creer-un-compte">
                  {nav.signUp}
                </Anchor>
              </Text>
            </Stack>
          </form>
        )}
      </Paper>
    </Page>
  );
}
