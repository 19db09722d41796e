import { Anchor, Badge, Center, Group, Loader, Paper, Stack, Tabs, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { Link, useLocation, useParams } from 'react-router';
import type { TicketSide } from '@chorale/domain';
import { errorMessage } from '../../api-client/client.ts';
import { ticketKeys, ticketsApi, type Ticket } from '../../api-client/tickets.ts';
import { FormAlert } from '../../components/FormAlert.tsx';
import { formatDateTime } from '../../components/format.ts';
import { Page } from '../../components/Page.tsx';
import { common } from '../../labels.ts';
import {
  list,
  actions as actionLabels,
  ticket as labels,
  ticketObjectTypeLabels,
  ticketStatusLabels,
} from '../../labels-support.ts';
import type { SavedState } from './CreateTicketPage.tsx';
import { issuedTrail, receivedTrail, ticketPaths } from './paths.ts';
import { TicketActions } from './TicketActions.tsx';
import { TicketAttachments } from './TicketAttachments.tsx';
import { TicketActivities, TicketContent } from './TicketContent.tsx';

function GeneralInformation({ ticket: t }: { ticket: Ticket }) {
  const i = labels.info;
  const rows: [string, ReactNode][] = [
    [i.createdAt, formatDateTime(t.createdAt)],
    [i.category, t.category],
    [i.subcategory, t.subcategory],
    [i.status, <Badge variant="light">{ticketStatusLabels[t.status]}</Badge>],
    [i.objectType, t.objectType ? ticketObjectTypeLabels[t.objectType] : '—'],
    [i.objectNumber, t.objectNumber || '—'],
  ];
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="ticket-general">
      <Title order={2} size="h3" id="ticket-general">
        {labels.general}
      </Title>
      <Group component="dl" gap="lg" mt="xs" style={{ margin: 0 }}>
        {rows.map(([label, value]) => (
          <div key={label}>
            <Text component="dt" size="xs" c="dimmed">
              {label}
            </Text>
            <Text component="dd" size="sm" fw={600} m={0} data-label={label}>
              {value}
            </Text>
          </div>
        ))}
      </Group>
    </Paper>
  );
}

function TicketView({ ticket: t }: { ticket: Ticket }) {
  const [tab, setTab] = useState<string | null>('content');
  return (
    <Stack gap="md">
      <Text>{labels.intro}</Text>
      <GeneralInformation ticket={t} />
      {t.status === 'BROUILLON' && t.side === 'emitter' && (
        <Anchor component={Link} to={ticketPaths.editDraft(t.id)} fw={600}>
          {labels.editDraft}
        </Anchor>
      )}
      <Paper withBorder p="md" component="section" aria-labelledby="ticket-actions">
        <Title order={2} size="h3" id="ticket-actions" mb="xs">
          {actionLabels.title}
        </Title>
        <TicketActions ticket={t} />
      </Paper>
      <Tabs value={tab} onChange={setTab}>
        <Tabs.List aria-label={labels.tabsLabel}>
          <Tabs.Tab value="content">{labels.tabs.content}</Tabs.Tab>
          <Tabs.Tab value="activities">{labels.tabs.activities}</Tabs.Tab>
          <Tabs.Tab value="attachments">{labels.tabs.attachments}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="content" pt="md">
          <TicketContent ticket={t} />
        </Tabs.Panel>
        <Tabs.Panel value="activities" pt="md">
          <TicketActivities ticket={t} />
        </Tabs.Panel>
        <Tabs.Panel value="attachments" pt="md">
          <TicketAttachments ticket={t} />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}

/** A ticket, from « Tickets émis » (`side` emitter) or « Tickets reçus » (receiver). */
export function TicketPage({ side }: { side: TicketSide }) {
  const { id } = useParams();
  const location = useLocation();
  const arrived = location.state as SavedState | null;
  const ticketId = id && /^\d+$/.test(id) ? Number(id) : 0;
  const query = useQuery({
    queryKey: ticketKeys.one(ticketId),
    queryFn: () => ticketsApi.get(ticketId),
    enabled: ticketId > 0,
  });
  const t = query.data;
  const title = t
    ? t.number
      ? labels.title(t.number)
      : labels.draftTitle
    : side === 'emitter'
      ? list.issuedTitle
      : list.receivedTitle;
  return (
    <Page title={title} trail={side === 'emitter' ? issuedTrail : receivedTrail}>
      <FormAlert message={arrived?.notice ?? null} color="green" />
      {arrived?.problems && arrived.problems.length > 0 && <FormAlert message={arrived.problems.join(' ')} />}
      {query.isPending && ticketId > 0 && (
        <Center>
          <Loader aria-label={common.loading} />
        </Center>
      )}
      {query.isError && <FormAlert message={errorMessage(query.error)} />}
      {t && <TicketView ticket={t} />}
    </Page>
  );
}
