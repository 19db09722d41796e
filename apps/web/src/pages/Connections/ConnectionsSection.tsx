import { Badge, Button, Group, Paper, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { apiConnectionFormSchema } from '@chorale/contracts';
import { errorMessage } from '../../api-client/client.ts';
import {
  connectionKeys,
  connectionsApi,
  type ApiConnection,
  type CreatedApiConnection,
} from '../../api-client/connections.ts';
import { FormAlert } from '../../components/FormAlert.tsx';
import { applyServerError, focusFirstError } from '../../components/form-errors.ts';
import { formatDateTime } from '../../components/format.ts';
import { ResponsiveTable } from '../../components/ResponsiveTable.tsx';
import { common } from '../../labels.ts';
import { connectionsSection as labels } from '../../labels-connections.ts';
import { ConfirmDialog } from '../Organisation/ConfirmDialog.tsx';
import { Loading, type SectionProps } from './section.tsx';
import { SecretDialog } from './SecretDialog.tsx';

type Pending = { action: 'rotate' | 'revoke'; connection: ApiConnection } | null;

function ConnectionState({ connection }: { connection: ApiConnection }) {
  if (connection.revokedAt)
    return (
      <Badge color="gray" variant="light" autoContrast>
        {labels.revokedOn(formatDateTime(connection.revokedAt))}
      </Badge>
    );
  return (
    <Stack gap={2}>
      <Badge color="green" variant="light" autoContrast>
        {labels.active}
      </Badge>
      {connection.rotatedAt && <Text size="xs">{labels.rotatedOn(formatDateTime(connection.rotatedAt))}</Text>}
    </Stack>
  );
}

/** « Connexions API »: declare (the secret shown once), renew the secret, revoke. */
export function ConnectionsSection({ structure }: SectionProps) {
  const client = useQueryClient();
  const list = useQuery({
    queryKey: connectionKeys.connections(structure.id),
    queryFn: () => connectionsApi.connections(structure.id),
  });
  const [alert, setAlert] = useState<{ text: string; ok: boolean } | null>(null);
  const [secret, setSecret] = useState<CreatedApiConnection | null>(null);
  const [pending, setPending] = useState<Pending>(null);
  const form = useForm({
    mode: 'controlled',
    initialValues: { name: '' },
    validate: {
      name: (value: string) => {
        const parsed = apiConnectionFormSchema.shape.name.safeParse(value);
        return parsed.success ? null : (parsed.error.issues[0]?.message ?? null);
      },
    },
  });
  const refresh = () => client.invalidateQueries({ queryKey: connectionKeys.structure(structure.id) });
  const create = useMutation({
    mutationFn: (name: string) => connectionsApi.createConnection(structure.id, name),
    onSuccess: async (created) => {
      setSecret(created);
      form.reset();
      await refresh();
    },
    onError: (error) => setAlert({ text: applyServerError(form, error), ok: false }),
  });
  const act = useMutation({
    mutationFn: async ({ action, connection }: NonNullable<Pending>) => {
      if (action === 'rotate') setSecret(await connectionsApi.rotateSecret(connection.id));
      else await connectionsApi.revokeConnection(connection.id);
      return action;
    },
    onSuccess: async (action) => {
      setPending(null);
      if (action === 'revoke') setAlert({ text: labels.revoked, ok: true });
      await refresh();
    },
    onError: (error) => {
      setPending(null);
      setAlert({ text: errorMessage(error), ok: false });
    },
  });

  return (
    <Paper withBorder p="lg" component="section" aria-labelledby="connexions-api">
      <Stack gap="md">
        <Title order={2} size="h3" id="connexions-api">
          {labels.title}
        </Title>
        <Text size="sm">{labels.intro}</Text>
        <form
          noValidate
          onSubmit={form.onSubmit(
            (values) => {
              setAlert(null);
              create.mutate(values.name);
            },
            (errors) => {
              setAlert({ text: common.formHasErrors, ok: false });
              focusFirstError(form, errors);
            },
          )}
        >
          <Stack maw={520} gap="sm">
            <Title order={3} size="h4">
              {labels.formTitle}
            </Title>
            <TextInput
              label={labels.name}
              description={labels.nameHint}
              required
              maxLength={60}
              autoComplete="off"
              {...form.getInputProps('name')}
            />
            <Group>
              <Button type="submit" loading={create.isPending}>
                {labels.submit}
              </Button>
            </Group>
          </Stack>
        </form>
        <FormAlert message={alert?.text ?? null} color={alert?.ok ? 'green' : 'red'} />
        {list.isPending && <Loading />}
        {list.isError && <FormAlert message={errorMessage(list.error)} />}
        {list.data?.items.length === 0 && <Text>{labels.empty}</Text>}
        {!!list.data?.items.length && (
          <ResponsiveTable minWidth={0}>
            <Table striped withTableBorder aria-label={labels.caption} layout="fixed">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col" w="18%">
                    {labels.columns.name}
                  </Table.Th>
                  <Table.Th scope="col" w="24%">
                    {labels.columns.clientId}
                  </Table.Th>
                  <Table.Th scope="col">{labels.columns.createdAt}</Table.Th>
                  <Table.Th scope="col">{labels.columns.lastCallAt}</Table.Th>
                  <Table.Th scope="col">{labels.columns.state}</Table.Th>
                  <Table.Th scope="col" w="22%">
                    {labels.columns.actions}
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.data.items.map((c) => (
                  <Table.Tr key={c.id}>
                    <Table.Td style={{ overflowWrap: 'anywhere' }}>{c.name}</Table.Td>
                    <Table.Td ff="monospace" style={{ overflowWrap: 'anywhere' }}>
                      {c.clientId}
                    </Table.Td>
                    <Table.Td>{formatDateTime(c.createdAt)}</Table.Td>
                    <Table.Td>{c.lastCallAt ? formatDateTime(c.lastCallAt) : labels.never}</Table.Td>
                    <Table.Td>
                      <ConnectionState connection={c} />
                    </Table.Td>
                    <Table.Td>
                      {!c.revokedAt && (
                        <Group gap="xs">
                          <Button
                            size="xs"
                            variant="light"
                            aria-label={labels.rotateLabel(c.name)}
                            onClick={() => setPending({ action: 'rotate', connection: c })}
                          >
                            {labels.rotate}
                          </Button>
                          <Button
                            size="xs"
                            variant="light"
                            color="red"
                            aria-label={labels.revokeLabel(c.name)}
                            onClick={() => setPending({ action: 'revoke', connection: c })}
                          >
                            {labels.revoke}
                          </Button>
                        </Group>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ResponsiveTable>
        )}
      </Stack>
      <ConfirmDialog
        opened={pending !== null}
        title={pending?.action === 'rotate' ? labels.rotateTitle : labels.revokeTitle}
        text={
          pending
            ? pending.action === 'rotate'
              ? labels.rotateText(pending.connection.name)
              : labels.revokeText(pending.connection.name)
            : ''
        }
        confirm={pending?.action === 'rotate' ? labels.rotate : labels.revoke}
        danger
        pending={act.isPending}
        onConfirm={() => pending && act.mutate(pending)}
        onClose={() => setPending(null)}
      />
      <SecretDialog
        shown={
          secret && {
            title: labels.secretTitle,
            identifierLabel: labels.clientIdLabel,
            identifier: secret.connection.clientId,
            secretLabel: labels.secretLabel(secret.connection.name),
            secret: secret.clientSecret,
          }
        }
        onClose={() => setSecret(null)}
      />
    </Paper>
  );
}
