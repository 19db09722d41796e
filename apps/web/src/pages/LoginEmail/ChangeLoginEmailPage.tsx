import { Button, Group, Paper, Stack, Text, TextInput } from '@mantine/core';
import { schemaResolver, useForm } from '@mantine/form';
import { useMutation } from '@tanstack/react-query';
import { changeLoginEmailSchema } from '@chorale/contracts';
import { meApi } from '../../api-client/endpoints.ts';
import { PasswordField } from '../../components/PasswordField.tsx';
import { FormAlert } from '../../components/FormAlert.tsx';
import { applyServerError, onValidSubmit, useFormAlert } from '../../components/form-errors.ts';
import { Page } from '../../components/Page.tsx';
import { common, loginEmail as labels } from '../../labels.ts';
import { useSignedInUser } from '../../session.ts';

export function ChangeLoginEmailPage() {
  const user = useSignedInUser();
  const form = useForm({
    mode: 'controlled',
    initialValues: { newLoginEmail: '', newLoginEmailConfirmation: '', password: '' },
    validate: schemaResolver(changeLoginEmailSchema, { sync: true }),
  });
  const [alert, setAlert] = useFormAlert(form);
  const submit = useMutation({
    mutationFn: meApi.changeLoginEmail,
    onError: (error) => setAlert(applyServerError(form, error)),
  });

  return (
    <Page title={labels.title}>
      <Paper withBorder p="lg" maw={560}>
        {submit.isSuccess ? (
          <FormAlert color="green" message={labels.sent(submit.data.maskedEmail)} />
        ) : (
          <form noValidate onSubmit={onValidSubmit(form, setAlert, (values) => submit.mutate(values))}>
            <Stack>
              {user && <Text>{labels.current(user.loginEmail)}</Text>}
              <Text size="sm">{labels.intro}</Text>
              <Text size="sm" c="dimmed">
                {common.required}
              </Text>
              <FormAlert message={alert} />
              <TextInput
                label={labels.newLoginEmail}
                type="email"
                required
                autoComplete="email"
                {...form.getInputProps('newLoginEmail')}
              />
              <TextInput
                label={labels.newLoginEmailConfirmation}
                type="email"
                required
                autoComplete="off"
                {...form.getInputProps('newLoginEmailConfirmation')}
              />
              <PasswordField
                label={labels.password}
                required
                autoComplete="current-password"
                {...form.getInputProps('password')}
              />
              <Group>
                <Button type="submit" loading={submit.isPending}>
                  {labels.submit}
                </Button>
              </Group>
            </Stack>
          </form>
        )}
      </Paper>
    </Page>
  );
}
