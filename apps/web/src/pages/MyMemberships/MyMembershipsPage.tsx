import { Anchor, Button, Group, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { membershipsApi, orgKeys } from '../../api-client/organisation.ts';
import { Page } from '../../components/Page.tsx';
import { account } from '../../labels.ts';
import { myMemberships as labels, roleLabels } from '../../labels-organisation.ts';
import { orgPaths } from '../Organisation/paths.ts';
import { QueryState } from '../../components/QueryState.tsx';
import { ListTable } from '../../components/ListTable.tsx';

/** « Mes rattachements »: the validated memberships of the user. */
export function MyMembershipsPage() {
  const mine = useQuery({ queryKey: orgKeys.mine, queryFn: membershipsApi.mine });
  const validated = mine.data?.items.filter((m) => m.status === 'VALIDEE') ?? [];
  const waiting = mine.data?.items.filter((m) => m.status === 'EN_COURS_DE_VALIDATION').length ?? 0;
  return (
    <Page title={labels.title} trail={[{ label: account.title, to: '/mon-compte' }]}>
      <Text>{labels.intro}</Text>
      <QueryState query={mine} />
      {mine.data && validated.length === 0 && <Text>{labels.none}</Text>}
      {validated.length > 0 && (
        <ListTable
          minWidth={720}
          caption={labels.caption}
          columns={[
            labels.columns.structure,
            labels.columns.companyName,
            labels.columns.serviceCode,
            labels.columns.serviceName,
            labels.columns.role,
            labels.columns.state,
          ]}
        >
          {validated.map((m) => (
            <Table.Tr key={m.id}>
              <Table.Td>{m.structure.identifier}</Table.Td>
              <Table.Td>{m.structure.companyName}</Table.Td>
              <Table.Td>{m.service?.code ?? ''}</Table.Td>
              <Table.Td>{m.service?.name ?? ''}</Table.Td>
              <Table.Td>{roleLabels[m.role]}</Table.Td>
              <Table.Td>{m.structure.active ? labels.active : labels.inactive}</Table.Td>
            </Table.Tr>
          ))}
        </ListTable>
      )}
      {waiting > 0 && (
        <Anchor component={Link} to={orgPaths.myRequests}>
          {labels.pendingNote(waiting)}
        </Anchor>
      )}
      <Group>
        <Button component={Link} to={orgPaths.requestMembership}>
          {labels.request}
        </Button>
        <Button component={Link} to={orgPaths.createStructure} variant="default">
          {labels.create}
        </Button>
      </Group>
    </Page>
  );
}
