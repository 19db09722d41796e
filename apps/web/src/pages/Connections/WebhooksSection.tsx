import { Badge, NativeSelect, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { webhookDeliveryStatuses, webhookFormSchema } from '@chorale/contracts';
import { connectionKeys, type ApiConnection } from '../../api-client/connections.ts';
import {
  webhookKeys,
  webhooksApi,
  type CreatedWebhook,
  type Webhook,
  type WebhookDeliveryStatus,
} from '../../api-client/webhooks.ts';
import { applyServerError, schemaRule } from '../../components/form-errors.ts';
import { formatDateTime } from '../../components/format.ts';
import { webhookDeliveryStatusLabels, webhooksSection as labels } from '../../labels-connections.ts';
import { Pager } from '../Invoicing/InvoiceTable.tsx';
import { ConfirmDialog } from '../Organisation/ConfirmDialog.tsx';
import { ListTable } from '../../components/ListTable.tsx';
import { QueryState } from '../../components/QueryState.tsx';
import { AddForm, RowButton, NoticeAlert, useConfirmedAction, type Notice } from './parts.tsx';
import { ConnectionSection, type SectionProps } from './section.tsx';
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
      <QueryState query={log} />
      {log.data && (
        <>
          <Text size="sm" role="status">
            {labels.logCount(log.data.total)}
          </Text>
          {log.data.items.length === 0 ? (
            <Text>{labels.logEmpty}</Text>
          ) : (
            <ListTable
              withTableBorder
              layout="fixed"
              caption={labels.logCaption(connection.name)}
              columns={[
                [labels.logColumns.at, '18%'],
                labels.logColumns.event,
                [labels.logColumns.attempt, '11%'],
                [labels.logColumns.httpStatus, '22%'],
                [labels.logColumns.state, '13%'],
              ]}
            >
              {log.data.items.map((a) => (
                <Table.Tr key={a.id}>
                  <Table.Td>{formatDateTime(a.at)}</Table.Td>
                  <Table.Td style={{ overflowWrap: 'anywhere' }}>{a.summary}</Table.Td>
                  <Table.Td>{a.attempt}</Table.Td>
                  <Table.Td style={{ overflowWrap: 'anywhere' }}>{a.httpStatus ?? labels.noAnswer(a.error)}</Table.Td>
                  <Table.Td>
                    <Badge color={stateColor[a.deliveryStatus]} variant="light" autoContrast>
                      {webhookDeliveryStatusLabels[a.deliveryStatus]}
                    </Badge>
                  </Table.Td>
                </Table.Tr>
              ))}
            </ListTable>
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
  const [notice, setNotice] = useState<Notice>(null);
  const [secret, setSecret] = useState<CreatedWebhook | null>(null);
  const form = useForm({
    mode: 'controlled',
    initialValues: { url: '' },
    validate: { url: schemaRule(webhookFormSchema.shape.url) },
  });
  const refresh = () => client.invalidateQueries({ queryKey: connectionKeys.structure(structureId) });
  const create = useMutation({
    mutationFn: (url: string) => webhooksApi.create(connection.id, url),
    onSuccess: async (created) => {
      setSecret(created);
      form.reset();
      await refresh();
    },
    onError: (error) => setNotice({ text: applyServerError(form, error), ok: false }),
  });
  const remove = useConfirmedAction<Webhook>({
    run: (webhook) => webhooksApi.revoke(webhook.id).then(() => labels.removed),
    setNotice,
    refresh,
  });
  const active = list.data?.items.filter((w) => !w.revokedAt) ?? [];

  return (
    <Stack gap="md">
      {!connection.revokedAt && (
        <AddForm
          form={form}
          title={labels.formTitle}
          submit={labels.submit}
          pending={create.isPending}
          maw={620}
          notice={notice}
          setNotice={setNotice}
          onValid={(values) => create.mutate(values.url)}
        >
          <TextInput
            label={labels.url}
            description={labels.urlHint}
            required
            type="url"
            maxLength={2000}
            autoComplete="off"
            {...form.getInputProps('url')}
          />
        </AddForm>
      )}
      <NoticeAlert notice={notice} />
      <QueryState query={list} />
      {list.data && active.length === 0 && <Text>{labels.empty}</Text>}
      {active.length > 0 && (
        <ListTable
          withTableBorder
          layout="fixed"
          caption={labels.caption(connection.name)}
          columns={[
            [labels.columns.url, '40%'],
            labels.columns.createdAt,
            labels.columns.deliveries,
            [labels.columns.actions, '14%'],
          ]}
        >
          {active.map((w) => (
            <Table.Tr key={w.id}>
              <Table.Td ff="monospace" fz="sm" style={{ overflowWrap: 'anywhere' }}>
                {w.url}
              </Table.Td>
              <Table.Td>{formatDateTime(w.createdAt)}</Table.Td>
              <Table.Td>{labels.deliveries(w.delivered, w.pending, w.failed)}</Table.Td>
              <Table.Td>
                <RowButton name={labels.removeLabel(w.url)} danger onClick={() => remove.ask(w)}>
                  {labels.remove}
                </RowButton>
              </Table.Td>
            </Table.Tr>
          ))}
        </ListTable>
      )}
      <DeliveryLog structureId={structureId} connection={connection} />
      <ConfirmDialog
        {...remove.dialog((w) => ({
          title: labels.removeTitle,
          text: labels.removeText(w.url),
          confirm: labels.remove,
        }))}
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
