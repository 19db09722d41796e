import { Alert, Anchor, Button, CopyButton, Group, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { apiTokenFormSchema, type CreatedApiToken } from '@chorale/contracts';
import { meApi } from '../../api-client/endpoints.ts';
import { FormAlert } from '../../components/FormAlert.tsx';
import { applyServerError, focusFirstError, useFormAlert } from '../../components/form-errors.ts';
import { apiTokens as labels, common } from '../../labels.ts';
import { ApiTokenList, apiTokensKey } from './ApiTokenList.tsx';

interface Values {
  name: string;
  /** '' when left empty (the native date field's value), sent as null. */
  expiresOn: string;
}

/** The secret of the token just created: kept in memory only, so it is gone after a reload. */
function NewSecret({ created, onDone }: { created: CreatedApiToken; onDone: () => void }) {
  return (
    // The title is plain text: Mantine's orange alert title is too pale for WCAG AA contrast.
    <Alert color="orange" variant="light" role="status">
      <Stack gap="sm">
        <Text fw={700}>{labels.secretTitle}</Text>
        <Text size="sm">{labels.secretWarning}</Text>
        <TextInput
          label={labels.secret(created.token.name)}
          value={created.secret}
          readOnly
          ff="monospace"
          onFocus={(event) => event.currentTarget.select()}
        />
        <Group>
          <CopyButton value={created.secret}>
            {({ copied, copy }) => (
              <Button variant="light" onClick={copy}>
                {copied ? labels.copied : labels.copy}
              </Button>
            )}
          </CopyButton>
          <Button variant="default" onClick={onDone}>
            {labels.hideSecret}
          </Button>
        </Group>
      </Stack>
    </Alert>
  );
}

export function ApiTokens() {
  const client = useQueryClient();
  const [created, setCreated] = useState<CreatedApiToken | null>(null);
  const form = useForm<Values>({
    mode: 'controlled',
    initialValues: { name: '', expiresOn: '' },
    validate: {
      name: (value) => {
        const parsed = apiTokenFormSchema.shape.name.safeParse(value);
        return parsed.success ? null : (parsed.error.issues[0]?.message ?? null);
      },
    },
  });
  const [alert, setAlert] = useFormAlert(form);
  const create = useMutation({
    mutationFn: (values: Values) =>
      meApi.createApiToken({ name: values.name, expiresOn: values.expiresOn === '' ? null : values.expiresOn }),
    onSuccess: async (result) => {
      setCreated(result);
      form.reset();
      await client.invalidateQueries({ queryKey: apiTokensKey });
      await client.invalidateQueries({ queryKey: ['me', 'security-events'] });
    },
    // The typed name and date stay; the API's French message goes next to its field.
    onError: (error) => setAlert(applyServerError(form, error)),
  });

  return (
    <Paper withBorder p="lg">
      <Title order={2} size="h3" mb="sm">
        {labels.title}
      </Title>
      <Text mb="md">
        {labels.intro}{' '}
        <Anchor href="/api/docs" target="_blank" rel="noopener">
          {labels.docsLink}
        </Anchor>
      </Text>
      <Stack>
        {created && <NewSecret created={created} onDone={() => setCreated(null)} />}
        <form
          noValidate
          onSubmit={form.onSubmit(
            (values) => {
              setAlert(null);
              setCreated(null);
              create.mutate(values);
            },
            (errors) => {
              setAlert(common.formHasErrors);
              focusFirstError(form, errors);
            },
          )}
        >
          <Stack maw={520}>
            <Title order={3} size="h4">
              {labels.formTitle}
            </Title>
            <FormAlert message={alert} />
            <TextInput
              label={labels.name}
              description={labels.nameHint}
              required
              maxLength={60}
              autoComplete="off"
              {...form.getInputProps('name')}
            />
            <TextInput
              type="date"
              label={labels.expiresOn}
              description={labels.expiresOnHint}
              {...form.getInputProps('expiresOn')}
            />
            <Group>
              <Button type="submit" loading={create.isPending}>
                {labels.submit}
              </Button>
            </Group>
          </Stack>
        </form>
        <ApiTokenList
          onRevoked={(id) => {
            if (created?.token.id === id) setCreated(null);
          }}
        />
      </Stack>
    </Paper>
  );
}
