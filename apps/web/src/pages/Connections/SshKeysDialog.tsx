import { Button, Group, Stack, Table, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { errorMessage } from '../../api-client/client.ts';
import type { TechnicalAccount } from '../../api-client/connections.ts';
import { sshKeyKeys, sshKeysApi } from '../../api-client/ssh-keys.ts';
import { applyServerError } from '../../components/form-errors.ts';
import { formatDateTime } from '../../components/format.ts';
import { sshKeys as labels } from '../../labels-ssh-keys.ts';
import { Dialog } from '../Invoicing/Dialog.tsx';
import { ListTable } from '../../components/ListTable.tsx';
import { QueryState } from '../../components/QueryState.tsx';
import { NoticeAlert, type Notice } from './parts.tsx';

/** « Clés SSH » of a technical account: the public keys it signs in to SFTP with (mode EDI). */
export function SshKeysDialog({ account, onClose }: { account: TechnicalAccount | null; onClose: () => void }) {
  const client = useQueryClient();
  const accountId = account?.id ?? 0;
  const list = useQuery({
    queryKey: sshKeyKeys.account(accountId),
    queryFn: () => sshKeysApi.list(accountId),
    enabled: account !== null,
  });
  const [alert, setAlert] = useState<Notice>(null);
  const form = useForm({ mode: 'controlled', initialValues: { publicKey: '', label: '' } });
  const refresh = () => client.invalidateQueries({ queryKey: sshKeyKeys.account(accountId) });
  const add = useMutation({
    mutationFn: (values: { publicKey: string; label: string }) => sshKeysApi.add(accountId, values),
    onSuccess: async () => {
      form.reset();
      setAlert({ text: labels.added, ok: true });
      await refresh();
    },
    onError: (error) => setAlert({ text: applyServerError(form, error), ok: false }),
  });
  const remove = useMutation({
    mutationFn: (keyId: number) => sshKeysApi.remove(accountId, keyId),
    onSuccess: async () => {
      setAlert({ text: labels.removed, ok: true });
      await refresh();
    },
    onError: (error) => setAlert({ text: errorMessage(error), ok: false }),
  });
  const close = () => {
    form.reset();
    setAlert(null);
    onClose();
  };
  return (
    account !== null && (
      <Dialog title={labels.title} onClose={close}>
        <Stack>
          <Text size="sm" ff="monospace" style={{ overflowWrap: 'anywhere' }}>
            {account.login}
          </Text>
          <Text size="sm">{labels.intro}</Text>
          <NoticeAlert notice={alert} />
          <QueryState query={list} />
          {list.data?.items.length === 0 && <Text size="sm">{labels.empty}</Text>}
          {!!list.data?.items.length && (
            <ListTable
              withTableBorder
              layout="fixed"
              caption={labels.caption}
              columns={[
                labels.columns.label,
                [labels.columns.fingerprint, '40%'],
                labels.columns.lastUsedAt,
                labels.columns.actions,
              ]}
            >
              {list.data.items.map((k) => (
                <Table.Tr key={k.id}>
                  <Table.Td style={{ overflowWrap: 'anywhere' }}>
                    {k.label}
                    <Text size="xs" c="dimmed">
                      {labels.columns.createdAt} {formatDateTime(k.createdAt)}
                    </Text>
                  </Table.Td>
                  <Table.Td ff="monospace" fz="xs" style={{ overflowWrap: 'anywhere' }}>
                    {k.algorithm} {k.fingerprint}
                  </Table.Td>
                  <Table.Td>{k.lastUsedAt ? formatDateTime(k.lastUsedAt) : labels.never}</Table.Td>
                  <Table.Td>
                    <Button
                      size="compact-xs"
                      variant="light"
                      color="red"
                      aria-label={labels.removeLabel(k.label)}
                      loading={remove.isPending && remove.variables === k.id}
                      onClick={() => remove.mutate(k.id)}
                    >
                      {labels.remove}
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </ListTable>
          )}
          <form
            noValidate
            onSubmit={form.onSubmit((values) => {
              setAlert(null);
              add.mutate(values);
            })}
          >
            <Stack gap="sm">
              <Title order={3} size="h4">
                {labels.formTitle}
              </Title>
              <Textarea
                label={labels.publicKey}
                description={labels.publicKeyHint}
                required
                autosize
                minRows={3}
                ff="monospace"
                spellCheck={false}
                {...form.getInputProps('publicKey')}
              />
              <TextInput label={labels.label} description={labels.labelHint} {...form.getInputProps('label')} />
              <Group justify="flex-end">
                <Button variant="default" onClick={close}>
                  {labels.close}
                </Button>
                <Button type="submit" loading={add.isPending}>
                  {labels.submit}
                </Button>
              </Group>
            </Stack>
          </form>
        </Stack>
      </Dialog>
    )
  );
}
