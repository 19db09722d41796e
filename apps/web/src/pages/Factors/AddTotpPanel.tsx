import { Anchor, Button, Code, Group, Image, List, Stack, Text, TextInput, Title } from '@mantine/core';
import { schemaResolver, useForm } from '@mantine/form';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { addTotpSchema } from '@chorale/contracts';
import { meApi } from '../../api-client/endpoints.ts';
import { FormAlert } from '../../components/FormAlert.tsx';
import { applyServerError, focusFirstError } from '../../components/form-errors.ts';
import { common, factors as labels } from '../../labels.ts';
import { PanelDone } from './PanelDone.tsx';
import { QueryState } from '../../components/QueryState.tsx';

const t = labels.totp;

export function AddTotpPanel({ onDone }: { onDone: () => void }) {
  const client = useQueryClient();
  // One secret per opening of the panel; the id keeps React's double mount from asking twice.
  const opening = useId();
  const start = useQuery({
    queryKey: ['me', 'totp-start', opening],
    queryFn: meApi.startTotp,
    staleTime: Infinity,
    retry: false,
  });
  const [showSecret, setShowSecret] = useState(false);
  const [alert, setAlert] = useState<string | null>(null);
  const form = useForm({
    mode: 'controlled',
    initialValues: { code: '', deviceName: '' },
    validate: schemaResolver(addTotpSchema, { sync: true }),
  });
  const add = useMutation({
    mutationFn: (values: { code: string; deviceName: string }) =>
      meApi.addTotp(values.code.trim(), values.deviceName.trim()),
    onSuccess: () => client.invalidateQueries({ queryKey: ['me'] }),
    onError: (error) => setAlert(applyServerError(form, error)),
  });

  if (add.isSuccess) return <PanelDone title={labels.addApp} message={t.added} onClose={onDone} />;

  return (
    <Stack>
      <Title order={2} size="h3">
        {labels.addApp}
      </Title>
      <Text size="sm" c="dimmed">
        {common.required}
      </Text>
      <Title order={3} size="h4">
        {t.installTitle}
      </Title>
      <QueryState query={start} />
      {start.data && (
        <List type="ordered" spacing="sm">
          <List.Item>
            {t.step1}
            <List withPadding listStyleType="disc">
              {t.apps.map((app) => (
                <List.Item key={app}>{app}</List.Item>
              ))}
            </List>
          </List.Item>
          <List.Item>
            <Stack gap="xs">
              <Text>{t.step2}</Text>
              <Image src={start.data.qrCodeDataUrl} alt={t.qrAlt} w={200} h={200} fit="contain" />
              <Anchor
                component="button"
                type="button"
                onClick={() => setShowSecret((v) => !v)}
                aria-expanded={showSecret}
                style={{ alignSelf: 'flex-start' }}
              >
                {t.cannotScan}
              </Anchor>
              {showSecret && (
                <Text size="sm">
                  {t.secretLabel} :{' '}
                  <Code data-testid="totp-secret" fz="md">
                    {start.data.secret}
                  </Code>
                </Text>
              )}
            </Stack>
          </List.Item>
          <List.Item>{t.step3}</List.Item>
        </List>
      )}
      <Title order={3} size="h4">
        {t.registerTitle}
      </Title>
      <form
        noValidate
        onSubmit={form.onSubmit(
          (values) => {
            setAlert(null);
            add.mutate(values);
          },
          (errors) => focusFirstError(form, errors),
        )}
      >
        <Stack maw={420}>
          <FormAlert message={alert} />
          <TextInput
            label={t.code}
            required
            inputMode="numeric"
            autoComplete="one-time-code"
            maxLength={6}
            {...form.getInputProps('code')}
          />
          <TextInput label={t.deviceName} description={t.deviceNameHint} {...form.getInputProps('deviceName')} />
          <Group>
            <Button type="submit" loading={add.isPending} disabled={!start.data}>
              {t.submit}
            </Button>
            <Button variant="default" onClick={onDone}>
              {common.cancel}
            </Button>
          </Group>
          <Text size="sm" c="dimmed">
            {t.replaceNote}
          </Text>
        </Stack>
      </form>
    </Stack>
  );
}
