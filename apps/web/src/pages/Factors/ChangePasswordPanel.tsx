import { Button, Group, Stack, Text, Title } from '@mantine/core';
import { schemaResolver, useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { changePasswordSchema } from '@chorale/contracts';
import { meApi } from '../../api-client/endpoints.ts';
import { PasswordField } from '../../components/PasswordField.tsx';
import { FormAlert } from '../../components/FormAlert.tsx';
import { applyServerError, onValidSubmit, useFormAlert } from '../../components/form-errors.ts';
import { PasswordFields } from '../../components/PasswordFields.tsx';
import { common, factors as labels, password } from '../../labels.ts';
import { PanelDone } from './PanelDone.tsx';

export function ChangePasswordPanel({ onDone }: { onDone: () => void }) {
  const client = useQueryClient();
  const form = useForm({
    mode: 'controlled',
    initialValues: { currentPassword: '', password: '', passwordConfirmation: '' },
    validate: schemaResolver(changePasswordSchema, { sync: true }),
  });
  const [alert, setAlert] = useFormAlert(form);
  const change = useMutation({
    mutationFn: (values: { currentPassword: string; password: string; passwordConfirmation: string }) =>
      meApi.changePassword(values.currentPassword, {
        password: values.password,
        passwordConfirmation: values.passwordConfirmation,
      }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['me', 'security-events'] }),
    onError: (error) => setAlert(applyServerError(form, error)),
  });

  if (change.isSuccess) return <PanelDone title={labels.changePassword} message={password.changed} onClose={onDone} />;

  return (
    <form noValidate onSubmit={onValidSubmit(form, setAlert, (values) => change.mutate(values))}>
      <Stack maw={480}>
        <Title order={2} size="h3">
          {labels.changePassword}
        </Title>
        <Text size="sm">{password.complexity}</Text>
        <Text size="sm" c="dimmed">
          {common.required}
        </Text>
        <FormAlert message={alert} />
        <PasswordField
          label={password.currentPassword}
          required
          autoComplete="current-password"
          {...form.getInputProps('currentPassword')}
        />
        <PasswordFields form={form} />
        <Group>
          <Button type="submit" loading={change.isPending}>
            {common.submit}
          </Button>
          <Button variant="default" onClick={onDone}>
            {common.cancel}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
