import { Badge, Button, Group, NativeSelect, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { webhookDeliveryStatuses, webhookFormSchema } from '@chorale/contracts';
import { errorMessage } from '../../api-client/client.ts';
import { connectionKeys, type ApiConnection } from '../../api-client/connections.ts';
import {
  webhookKeys,
  webhooksApi,
  type CreatedWebhook,
  type Webhook,
  type WebhookDeliveryStatus,
} from '../../api-client/webhooks.ts';
import { FormAlert } from '../../components/FormAlert.tsx';
import { applyServerError, focusFirstError } from '../../components/form-errors.ts';
import { formatDateTime } from '../../components/format.ts';
import { ResponsiveTable } from '../../components/ResponsiveTable.tsx';
import { common } from '../../labels.ts';
import { webhookDeliveryStatusLabels, webhooksSection as labels } from '../../labels-connections.ts';
import { Pager } from '../Invoicing/InvoiceTable.tsx';
import { ConfirmDialog } from '../Organisation/ConfirmDialog.tsx';
import { ConnectionSection, Loading, type SectionProps } from './section.tsx';
import { SecretDialog } from './SecretDialog.tsx';

const stateColor: Record<WebhookDeliveryStatus, string> = { delivered: 'green', pending: 'orange', failed: 'red' };

/** « Journal des envois »: one line per attempt, the most recent first, filtered by state. */
function DeliveryLog({ structureId, connection }: { structureId: number; connection: ApiConnection }) {
  const [page, setPage] = useState(1);
  const [status, setStatus] = useState<WebhookDeliveryStatus | ''>('');
  const log = useQuery({
    queryKey: webhookKeys.log(structureId, connection.id, page, status),
    queryFn: () => webhooksApi.log(connection.id, page, status),
    placeholderData: keepPreviousData,
  });
  return (
    <Stack gap="sm">
      <Title order={3} size="h4">
        {labels.logTitle}
      </Title>
      <NativeSelect
        label={labels.logFilter}
        maw={320}
        value={status}
        onChange={(e) => {
          setStatus(e.currentTarget.value as WebhookDeliveryStatus | '');
          setPage(1);
        }}
        data={[
          { value: '', label: labels.allStatuses },
          ...webhookDeliveryStatuses.map((s) => ({ value: s, label: webhookDeliveryStatusLabels[s] })),
        ]}
      />
      {log.isPending && <Loading />}
      {log.isError && <FormAlert message={errorMessage(log.error)} />}
      {log.data && (
        <>
          <Text size="sm" role="status">
            {labels.logCount(log.data.total)}
          </Text>
          {log.data.items.length === 0 ? (
            <Text>{labels.logEmpty}</Text>
          ) : (
            <ResponsiveTable minWidth={0}>
              <Table striped withTableBorder aria-label={labels.logCaption(connection.name)} layout="fixed">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col" w="18%">
                      {labels.logColumns.at}
                    </Table.Th>
                    <Table.Th scope="col">{labels.logColumns.event}</Table.Th>
                    <Table.Th scope="col" w="11%">
                      {labels.logColumns.attempt}
                    </Table.Th>
                    <Table.Th scope="col" w="22%">
                      {labels.logColumns.httpStatus}
                    </Table.Th>
                    <Table.Th scope="col" w="13%">
                      {labels.logColumns.state}
                    </Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {log.data.items.map((a) => (
                    <Table.Tr key={a.id}>
                      <Table.Td>{formatDateTime(a.at)}</Table.Td>
                      <Table.Td style={{ overflowWrap: 'anywhere' }}>{a.summary}</Table.Td>
                      <Table.Td>{a.attempt}</Table.Td>
                      <Table.Td style={{ overflowWrap: 'anywhere' }}>
                        {a.httpStatus ?? labels.noAnswer(a.error)}
                      </Table.Td>
                      <Table.Td>
                        <Badge color={stateColor[a.deliveryStatus]} variant="light" autoContrast>
                          {webhookDeliveryStatusLabels[a.deliveryStatus]}
                        </Badge>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </ResponsiveTable>
          )}
          <Pager page={page} total={log.data.total} pageSize={log.data.pageSize} onPage={setPage} />
        </>
      )}
    </Stack>
  );
}

/** The webhooks of one connection: add (the secret shown once), remove, and the delivery log. */
function ConnectionWebhooks({ structureId, connection }: { structureId: number; connection: ApiConnection }) {
  const client = useQueryClient();
  const list = useQuery({
    queryKey: webhookKeys.list(structureId, connection.id),
    queryFn: () => webhooksApi.list(connection.id),
  });
  const [alert, setAlert] = useState<{ text: string; ok: boolean } | null>(null);
  const [secret, setSecret] = useState<CreatedWebhook | null>(null);
  const [removing, setRemoving] = useState<Webhook | null>(null);
  const form = useForm({
    mode: 'controlled',
    initialValues: { url: '' },
    validate: {
      url: (value: string) => {
        const parsed = webhookFormSchema.shape.url.safeParse(value);
        return parsed.success ? null : (parsed.error.issues[0]?.message ?? null);
      },
    },
  });
  const refresh = () => client.invalidateQueries({ queryKey: connectionKeys.structure(structureId) });
  const create = useMutation({
    mutationFn: (url: string) => webhooksApi.create(connection.id, url),
    onSuccess: async (created) => {
      setSecret(created);
      form.reset();
      await refresh();
    },
    onError: (error) => setAlert({ text: applyServerError(form, error), ok: false }),
  });
  const remove = useMutation({
    mutationFn: (webhook: Webhook) => webhooksApi.revoke(webhook.id),
    onSuccess: async () => {
      setRemoving(null);
      setAlert({ text: labels.removed, ok: true });
      await refresh();
    },
    onError: (error) => {
      setRemoving(null);
      setAlert({ text: errorMessage(error), ok: false });
    },
  });
  const active = list.data?.items.filter((w) => !w.revokedAt) ?? [];

  return (
    <Stack gap="md">
      {!connection.revokedAt && (
        <form
          noValidate
          onSubmit={form.onSubmit(
            (values) => {
              setAlert(null);
              create.mutate(values.url);
            },
            (errors) => {
              setAlert({ text: common.formHasErrors, ok: false });
              focusFirstError(form, errors);
            },
          )}
        >
          <Stack maw={620} gap="sm">
            <Title order={3} size="h4">
              {labels.formTitle}
            </Title>
            <TextInput
              label={labels.url}
              description={labels.urlHint}
              required
              type="url"
              maxLength={2000}
              autoComplete="off"
              {...form.getInputProps('url')}
            />
            <Group>
              <Button type="submit" loading={create.isPending}>
                {labels.submit}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
      <FormAlert message={alert?.text ?? null} color={alert?.ok ? 'green' : 'red'} />
      {list.isPending && <Loading />}
      {list.isError && <FormAlert message={errorMessage(list.error)} />}
      {list.data && active.length === 0 && <Text>{labels.empty}</Text>}
      {active.length > 0 && (
        <ResponsiveTable minWidth={0}>
          <Table striped withTableBorder aria-label={labels.caption(connection.name)} layout="fixed">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col" w="40%">
                  {labels.columns.url}
                </Table.Th>
                <Table.Th scope="col">{labels.columns.createdAt}</Table.Th>
                <Table.Th scope="col">{labels.columns.deliveries}</Table.Th>
                <Table.Th scope="col" w="14%">
                  {labels.columns.actions}
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {active.map((w) => (
                <Table.Tr key={w.id}>
                  <Table.Td ff="monospace" fz="sm" style={{ overflowWrap: 'anywhere' }}>
                    {w.url}
                  </Table.Td>
                  <Table.Td>{formatDateTime(w.createdAt)}</Table.Td>
                  <Table.Td>{labels.deliveries(w.delivered, w.pending, w.failed)}</Table.Td>
                  <Table.Td>
                    <Button
                      size="xs"
                      variant="light"
                      color="red"
                      aria-label={labels.removeLabel(w.url)}
                      onClick={() => setRemoving(w)}
                    >
                      {labels.remove}
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ResponsiveTable>
      )}
      <DeliveryLog structureId={structureId} connection={connection} />
      <ConfirmDialog
        opened={removing !== null}
        title={labels.removeTitle}
        text={removing ? labels.removeText(removing.url) : ''}
        confirm={labels.remove}
        danger
        pending={remove.isPending}
        onConfirm={() => removing && remove.mutate(removing)}
        onClose={() => setRemoving(null)}
      />
      <SecretDialog
        shown={
          secret && {
            title: labels.secretTitle,
            identifierLabel: labels.urlLabel,
            identifier: secret.webhook.url,
            secretLabel: labels.secretLabel,
            secret: secret.secret,
          }
        }
        onClose={() => setSecret(null)}
      />
    </Stack>
  );
}

/** « Webhooks »: per API connection of the structure, after « Connexions API ». */
export function WebhooksSection({ structure }: SectionProps) {
  return (
    <ConnectionSection structure={structure} id="webhooks" labels={labels}>
      {(connection) => <ConnectionWebhooks key={connection.id} structureId={structure.id} connection={connection} />}
    </ConnectionSection>
  );
}
