import { Button, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { schemaResolver, useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  browserSupportsWebAuthn,
  startRegistration,
  type PublicKeyCredentialCreationOptionsJSON,
} from '@simplewebauthn/browser';
import { useState } from 'react';
import { addWebauthnSchema } from '@chorale/contracts';
import { ApiError } from '../../api-client/client.ts';
import { meApi } from '../../api-client/endpoints.ts';
import { FormAlert } from '../../components/FormAlert.tsx';
import { applyServerError, focusFirstError } from '../../components/form-errors.ts';
import { common, factors as labels } from '../../labels.ts';
import { PanelDone } from './PanelDone.tsx';

const w = labels.webauthn;

export function AddSecurityKeyPanel({ onDone }: { onDone: () => void }) {
  const client = useQueryClient();
  const [alert, setAlert] = useState<string | null>(null);
  const form = useForm({
    mode: 'controlled',
    initialValues: { deviceName: '', response: null as unknown },
    validate: schemaResolver(addWebauthnSchema, { sync: true }),
  });
  const add = useMutation({
    mutationFn: async (deviceName: string) => {
      const options = await meApi.webauthnOptions();
      let response: unknown;
      try {
        response = await startRegistration({ optionsJSON: options as PublicKeyCredentialCreationOptionsJSON });
      } catch {
        throw new ApiError('CODE_INVALID', w.cancelled, 0);
      }
      return meApi.addWebauthn(response, deviceName.trim());
    },
    onSuccess: () => client.invalidateQueries({ queryKey: ['me'] }),
    onError: (error) => setAlert(applyServerError(form, error)),
  });

  if (add.isSuccess) return <PanelDone title={labels.addKey} message={w.added} onClose={onDone} />;
  const supported = browserSupportsWebAuthn();

  return (
    <Stack>
      <Title order={2} size="h3">
        {labels.addKey}
      </Title>
      <Text>{w.intro}</Text>
      {!supported && <FormAlert message={w.unsupported} color="orange" />}
      <form
        noValidate
        onSubmit={form.onSubmit(
          (values) => {
            setAlert(null);
            add.mutate(values.deviceName);
          },
          (errors) => focusFirstError(form, errors),
        )}
      >
        <Stack maw={420}>
          <FormAlert message={alert} />
          <TextInput label={w.deviceName} description={w.deviceNameHint} {...form.getInputProps('deviceName')} />
          <Group>
            <Button type="submit" loading={add.isPending} disabled={!supported}>
              {w.submit}
            </Button>
            <Button variant="default" onClick={onDone}>
              {common.cancel}
            </Button>
          </Group>
        </Stack>
      </form>
    </Stack>
  );
}
