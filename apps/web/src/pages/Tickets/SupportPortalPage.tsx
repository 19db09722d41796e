import { Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { membershipsApi, orgKeys } from '../../api-client/organisation.ts';
import { ticketKeys, ticketsApi, type TicketFilter } from '../../api-client/tickets.ts';
import { Page } from '../../components/Page.tsx';
import { portal } from '../../labels-support.ts';
import { AppTiles } from '../Organisation/AppTiles.tsx';
import { supportTrail, ticketPaths } from './paths.ts';

const anyReceived: TicketFilter = { tab: 'open', q: '', sort: 'openedAt', direction: 'desc', page: 1, pageSize: 1 };

/**
 * Whether the user answers tickets: « Sollicitations reçues » on a structure, or a platform
 * operator (the session does not say so: such a user is known by the tickets he receives).
 */
export function useReceivesTickets() {
  const permissions = useQuery({ queryKey: orgKeys.permissions, queryFn: membershipsApi.permissions });
  const received = useQuery({
    queryKey: ticketKeys.list('receiver', anyReceived),
    queryFn: () => ticketsApi.received(anyReceived),
  });
  return (
    (permissions.data?.items ?? []).some((p) => p.application === 'SOLLICITATIONS_RECUES') ||
    (received.data?.total ?? 0) > 0
  );
}

/** « Accueil portail de support »: create a ticket, follow the issued ones, answer the received ones. */
export function SupportPortalPage() {
  const receives = useReceivesTickets();
  const tiles = [
    { ...portal.create, to: ticketPaths.create },
    { ...portal.issued, to: ticketPaths.issued },
    ...(receives ? [{ ...portal.received, to: ticketPaths.received }] : []),
  ];
  return (
    <Page title={portal.title} trail={supportTrail}>
      <Text>{portal.intro}</Text>
      <AppTiles tiles={tiles} access={portal.access} accessLabel={portal.accessLabel} />
    </Page>
  );
}
