import { Anchor, Button, Group, Paper, Stack, Text, TextInput } from '@mantine/core';
import { schemaResolver, useForm } from '@mantine/form';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { passwordResetRequestSchema } from '@chorale/contracts';
import { sessionApi } from '../../api-client/endpoints.ts';
import { FormAlert } from '../../components/FormAlert.tsx';
import { applyServerError, focusFirstError } from '../../components/form-errors.ts';
import { Page } from '../../components/Page.tsx';
import { common, forgotPassword, signIn } from '../../labels.ts';

export function ForgotPasswordPage() {
  const [alert, setAlert] = useState<string | null>(null);
  const form = useForm({
    mode: 'controlled',
    initialValues: { loginEmail: '' },
    validate: schemaResolver(passwordResetRequestSchema, { sync: true }),
  });
  const submit = useMutation({
    mutationFn: (loginEmail: string) => sessionApi.requestPasswordReset(loginEmail),
    onError: (error) => setAlert(applyServerError(form, error)),
  });
  return (
    <Page title={forgotPassword.title} trail={[{ label: signIn.title, to: '/connexion' }]}>
      <Paper withBorder p="lg" maw={520}>
        {submit.isSuccess ? (
          <Stack>
            <FormAlert color="green" message={forgotPassword.sent} />
            <Anchor component={Link} to="/connexion">
              {signIn.backToSignIn}
            </Anchor>
          </Stack>
        ) : (
          <form
            noValidate
            onSubmit={form.onSubmit(
              (values) => {
                setAlert(null);
                submit.mutate(values.loginEmail);
              },
              (errors) => focusFirstError(form, errors),
            )}
          >
            <Stack>
              <Text>{forgotPassword.intro}</Text>
              <FormAlert message={alert} />
              <TextInput
                label={signIn.loginEmail}
                type="email"
                autoComplete="username"
                required
                {...form.getInputProps('loginEmail')}
              />
              <Group>
                <Button type="submit" loading={submit.isPending}>
                  {forgotPassword.submit}
                </Button>
              </Group>
              <Text size="xs" c="dimmed">
                {common.required}
              </Text>
            </Stack>
          </form>
        )}
      </Paper>
    </Page>
  );
}
