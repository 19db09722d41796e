import { Anchor, List, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import type { Ticket } from '../../api-client/tickets.ts';
import { formatDateTime } from '../../components/format.ts';
import { ticket as labels, ticketObjectTypeLabels, ticketStatusLabels } from '../../labels-support.ts';
import { invoicingPaths } from '../Invoicing/paths.ts';

function Block({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Paper withBorder p="md">
      <Stack gap="xs">
        <Title order={3} size="h4">
          {title}
        </Title>
        {children}
      </Stack>
    </Paper>
  );
}

function Items({ rows }: { rows: [string, string][] }) {
  return (
    <List size="sm" spacing={4}>
      {rows.map(([label, value]) => (
        <List.Item key={label}>
          <Text span fw={600} size="sm">
            {label} :
          </Text>{' '}
          {value || '—'}
        </List.Item>
      ))}
    </List>
  );
}

/** « Contenu du ticket »: the description, the object, the emitter and the recipient organisation. */
export function TicketContent({ ticket: t }: { ticket: Ticket }) {
  const c = labels.content;
  const invoiceLink =
    t.invoiceId === null
      ? null
      : t.side === 'emitter'
        ? invoicingPaths.issuedInvoice(t.invoiceId)
        : invoicingPaths.receivedInvoice(t.invoiceId);
  return (
    <SimpleGrid cols={{ base: 1, md: 3 }}>
      <Block title={c.description}>
        <Text size="sm" fw={600}>
          {t.title}
        </Text>
        <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
          {t.description || '—'}
        </Text>
      </Block>
      <Stack gap="md">
        <Block title={labels.general}>
          <Items
            rows={[
              [labels.info.category, t.category],
              [labels.info.subcategory, t.subcategory],
              [labels.info.objectType, t.objectType ? ticketObjectTypeLabels[t.objectType] : ''],
              [labels.info.objectNumber, t.objectNumber ?? ''],
            ]}
          />
          {invoiceLink && (
            <Anchor component={Link} to={invoiceLink} size="sm">
              {c.invoiceLink}
            </Anchor>
          )}
        </Block>
        <Block title={c.emitter}>
          <Items
            rows={[
              [c.emitterIdentifier, t.emitter.identifier],
              [c.emitterName, t.emitter.name],
              [c.service, t.emitter.service ? `${t.emitter.service.code} – ${t.emitter.service.name}` : ''],
              [c.contact, t.emitter.contact],
              [c.contactEmail, t.emitter.contactEmail],
              [c.contactPhone, t.emitter.contactPhone],
            ]}
          />
        </Block>
      </Stack>
      <Block title={c.recipient}>
        {t.recipient ? (
          <Items
            rows={[
              [c.recipientIdentifier, t.recipient.identifier],
              [c.recipientName, t.recipient.name],
            ]}
          />
        ) : (
          <Text size="sm">{c.platform}</Text>
        )}
      </Block>
    </SimpleGrid>
  );
}

/** « Activités »: both sides' messages and status changes, newest first. */
export function TicketActivities({ ticket: t }: { ticket: Ticket }) {
  const a = labels.activities;
  if (t.activities.length === 0) return <Text size="sm">{a.none}</Text>;
  return (
    <Stack component="ol" gap="sm" aria-label={a.caption} style={{ listStyle: 'none', padding: 0, margin: 0 }}>
      {t.activities.map((act, i) => (
        <Paper component="li" withBorder p="sm" key={act.id}>
          <Text fw={700} size="sm">
            {act.author}{' '}
            <Text span size="xs" c="dimmed">
              ({act.side === 'emitter' ? a.sideEmitter : a.sideReceiver})
            </Text>
          </Text>
          {act.body && (
            <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
              {act.body}
            </Text>
          )}
          <Text size="xs" c="dimmed">
            <time dateTime={act.at}>{formatDateTime(act.at)}</time>
            {' • '}
            {/* The oldest entry is the ticket's creation: it says so, not only its first status (issue 14). */}
            {act.statusTo
              ? (i === t.activities.length - 1 ? a.created : a.statusTo)(ticketStatusLabels[act.statusTo])
              : a.comment}
          </Text>
        </Paper>
      ))}
    </Stack>
  );
}
