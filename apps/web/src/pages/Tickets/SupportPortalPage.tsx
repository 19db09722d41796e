import { Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { membershipsApi, orgKeys } from '../../api-client/organisation.ts';
import { Page } from '../../components/Page.tsx';
import { useSignedInUser } from '../../session.ts';
import { portal } from '../../labels-support.ts';
import { AppTiles } from '../Organisation/AppTiles.tsx';
import { supportTrail, ticketPaths } from './paths.ts';

/** Whether the user answers tickets: « Sollicitations reçues » on a structure, or a platform operator. */
export function useReceivesTickets() {
  const user = useSignedInUser();
  const permissions = useQuery({ queryKey: orgKeys.permissions, queryFn: membershipsApi.permissions });
  return (
    (user?.isOperator ?? false) ||
    (permissions.data?.items ?? []).some((p) => p.application === 'SOLLICITATIONS_RECUES')
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
