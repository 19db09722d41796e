import { Badge, Group, Stack, Table, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { apiConnectionFormSchema } from '@chorale/contracts';
import {
  connectionKeys,
  connectionsApi,
  type ApiConnection,
  type CreatedApiConnection,
} from '../../api-client/connections.ts';
import { applyServerError, schemaRule } from '../../components/form-errors.ts';
import { formatDateTime } from '../../components/format.ts';
import { connectionsSection as labels } from '../../labels-connections.ts';
import { ConfirmDialog } from '../Organisation/ConfirmDialog.tsx';
import { ListTable } from '../../components/ListTable.tsx';
import { QueryState } from '../../components/QueryState.tsx';
import { AddForm, NoticeAlert, RowButton, SectionFrame, useConfirmedAction, type Notice } from './parts.tsx';
import type { SectionProps } from './section.tsx';
import { SecretDialog } from './SecretDialog.tsx';

type Pending = { action: 'rotate' | 'revoke'; connection: ApiConnection };

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
  const [notice, setNotice] = useState<Notice>(null);
  const [secret, setSecret] = useState<CreatedApiConnection | null>(null);
  const form = useForm({
    mode: 'controlled',
    initialValues: { name: '' },
    validate: { name: schemaRule(apiConnectionFormSchema.shape.name) },
  });
  const refresh = () => client.invalidateQueries({ queryKey: connectionKeys.structure(structure.id) });
  const create = useMutation({
    mutationFn: (name: string) => connectionsApi.createConnection(structure.id, name),
    onSuccess: async (created) => {
      setSecret(created);
      form.reset();
      await refresh();
    },
    onError: (error) => setNotice({ text: applyServerError(form, error), ok: false }),
  });
  const act = useConfirmedAction<Pending>({
    run: async ({ action, connection }) => {
      if (action === 'revoke') return connectionsApi.revokeConnection(connection.id).then(() => labels.revoked);
      setSecret(await connectionsApi.rotateSecret(connection.id));
      return null;
    },
    setNotice,
    refresh,
  });

  return (
    <SectionFrame id="connexions-api" title={labels.title} intro={labels.intro}>
      <AddForm
        form={form}
        title={labels.formTitle}
        submit={labels.submit}
        pending={create.isPending}
        notice={notice}
        setNotice={setNotice}
        onValid={(values) => create.mutate(values.name)}
      >
        <TextInput
          label={labels.name}
          description={labels.nameHint}
          required
          maxLength={60}
          autoComplete="off"
          {...form.getInputProps('name')}
        />
      </AddForm>
      <NoticeAlert notice={notice} />
      <QueryState query={list} />
      {list.data?.items.length === 0 && <Text>{labels.empty}</Text>}
      {!!list.data?.items.length && (
        <ListTable
          withTableBorder
          layout="fixed"
          caption={labels.caption}
          columns={[
            [labels.columns.name, '18%'],
            [labels.columns.clientId, '24%'],
            labels.columns.createdAt,
            labels.columns.lastCallAt,
            labels.columns.state,
            [labels.columns.actions, '22%'],
          ]}
        >
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
                    <RowButton
                      name={labels.rotateLabel(c.name)}
                      onClick={() => act.ask({ action: 'rotate', connection: c })}
                    >
                      {labels.rotate}
                    </RowButton>
                    <RowButton
                      name={labels.revokeLabel(c.name)}
                      danger
                      onClick={() => act.ask({ action: 'revoke', connection: c })}
                    >
                      {labels.revoke}
                    </RowButton>
                  </Group>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </ListTable>
      )}
      <ConfirmDialog
        {...act.dialog(({ action, connection }) =>
          action === 'rotate'
            ? { title: labels.rotateTitle, text: labels.rotateText(connection.name), confirm: labels.rotate }
            : { title: labels.revokeTitle, text: labels.revokeText(connection.name), confirm: labels.revoke },
        )}
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
    </SectionFrame>
  );
}
