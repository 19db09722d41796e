import { Anchor, Button, Group, Paper, Stack, Tabs, Text, TextInput } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import type { TicketSide } from '@chorale/domain';
import {
  ticketKeys,
  ticketsApi,
  ticketUrls,
  type TicketFilter,
  type TicketSort,
  type TicketSummary,
  type TicketTab,
} from '../../api-client/tickets.ts';
import { Page } from '../../components/Page.tsx';
import { list as labels } from '../../labels-support.ts';
import { portalTrail, ticketPaths } from './paths.ts';
import { TicketPager, TicketTable } from './TicketTable.tsx';
import { QueryState } from '../../components/QueryState.tsx';

/** The tabs in the address (`?onglet=…`), in French like every address of the portal. */
const tabSlugs: Record<TicketTab, string> = {
  actions: 'actions-requises',
  open: 'en-cours',
  closed: 'clotures',
  drafts: 'brouillons',
};
const tabsOf: Record<TicketSide, TicketTab[]> = {
  emitter: ['actions', 'open', 'closed', 'drafts'],
  receiver: ['actions', 'open', 'closed'],
};

const firstFilter = (tab: TicketTab): TicketFilter => ({
  tab,
  q: '',
  sort: 'openedAt',
  direction: 'desc',
  page: 1,
  pageSize: 10,
});

function TicketList({ side, tab }: { side: TicketSide; tab: TicketTab }) {
  const [keyword, setKeyword] = useState('');
  const [filter, setFilter] = useState<TicketFilter>(() => firstFilter(tab));
  const query = useQuery({
    queryKey: ticketKeys.list(side, filter),
    queryFn: () => (side === 'emitter' ? ticketsApi.issued(filter) : ticketsApi.received(filter)),
    placeholderData: keepPreviousData,
  });
  const change = (c: Partial<TicketFilter>) => setFilter((f) => ({ ...f, ...c }));
  const search = (event: FormEvent) => {
    event.preventDefault();
    change({ q: keyword.trim(), page: 1 });
  };
  const reset = () => {
    setKeyword('');
    setFilter(firstFilter(tab));
  };
  const sort = (column: TicketSort) =>
    change({
      sort: column,
      direction: filter.sort === column && filter.direction === 'asc' ? 'desc' : 'asc',
      page: 1,
    });
  const to = (t: TicketSummary) =>
    side === 'receiver'
      ? ticketPaths.receivedTicket(t.id)
      : t.status === 'BROUILLON'
        ? ticketPaths.editDraft(t.id)
        : ticketPaths.issuedTicket(t.id);
  const data = query.data;
  const from = data && data.total > 0 ? (data.page - 1) * data.pageSize + 1 : 0;
  const until = data ? Math.min(data.total, data.page * data.pageSize) : 0;
  const intro = side === 'emitter' ? labels.tabIntro[tab] : labels.receivedTabIntro[tab];

  return (
    <Stack gap="md">
      <Text size="sm">{intro}</Text>
      <Paper withBorder p="md">
        <form onSubmit={search} role="search" aria-label={labels.searchLabel}>
          <Group align="flex-end" gap="sm">
            <TextInput
              label={labels.keyword}
              placeholder={labels.keywordHint}
              value={keyword}
              onChange={(e) => setKeyword(e.currentTarget.value)}
              style={{ flexGrow: 1 }}
            />
            <Button type="submit" loading={query.isFetching}>
              {labels.search}
            </Button>
            <Button variant="default" onClick={reset}>
              {labels.reset}
            </Button>
            {side === 'emitter' && (
              <Button
                component="a"
                variant="light"
                href={ticketUrls.exportCsv({ tab: filter.tab, q: filter.q })}
                download
              >
                {labels.export}
              </Button>
            )}
          </Group>
        </form>
      </Paper>
      <QueryState query={query} />
      {data && (
        <Stack gap="xs" aria-busy={query.isFetching}>
          <Text fw={600} role="status">
            {labels.count(from, until, data.total)}
          </Text>
          {data.items.length > 0 && <TicketTable items={data.items} filter={filter} onSort={sort} to={to} />}
          <TicketPager filter={filter} total={data.total} onChange={change} />
        </Stack>
      )}
    </Stack>
  );
}

/** « Tickets émis » (the emitter's four tabs) and « Tickets reçus » (the receiving support's worklist). */
export function TicketListPage({ side }: { side: TicketSide }) {
  const [params, setParams] = useSearchParams();
  const tabs = tabsOf[side];
  const slug = params.get('onglet');
  const tab = tabs.find((t) => tabSlugs[t] === slug) ?? 'actions';
  const title = side === 'emitter' ? labels.issuedTitle : labels.receivedTitle;
  return (
    <Page title={title} trail={portalTrail}>
      {side === 'emitter' && (
        <Group>
          <Anchor component={Link} to={ticketPaths.create} fw={600}>
            {labels.newTicket}
          </Anchor>
        </Group>
      )}
      <Tabs
        value={tab}
        onChange={(value) => setParams(value && value !== 'actions' ? { onglet: tabSlugs[value as TicketTab] } : {})}
        keepMounted={false}
      >
        <Tabs.List aria-label={labels.tabsLabel}>
          {tabs.map((t) => (
            <Tabs.Tab key={t} value={t}>
              {labels.tabs[t]}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        {tabs.map((t) => (
          <Tabs.Panel key={t} value={t} pt="md">
            <TicketList side={side} tab={t} />
          </Tabs.Panel>
        ))}
      </Tabs>
    </Page>
  );
}
