import { Anchor, Button, Center, Group, Loader, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { errorMessage } from '../../api-client/client.ts';
import { membershipsApi, orgKeys } from '../../api-client/organisation.ts';
import { FormAlert } from '../../components/FormAlert.tsx';
import { Page } from '../../components/Page.tsx';
import { account, common } from '../../labels.ts';
import { myMemberships as labels, roleLabels } from '../../labels-organisation.ts';
import { orgPaths } from '../Organisation/paths.ts';
import { ResponsiveTable } from '../../components/ResponsiveTable.tsx';

/** « Mes rattachements »: the validated memberships of the user. */
export function MyMembershipsPage() {
  const mine = useQuery({ queryKey: orgKeys.mine, queryFn: membershipsApi.mine });
  const validated = mine.data?.items.filter((m) => m.status === 'VALIDEE') ?? [];
  const waiting = mine.data?.items.filter((m) => m.status === 'EN_COURS_DE_VALIDATION').length ?? 0;
  return (
    <Page title={labels.title} trail={[{ label: account.title, to: '/mon-compte' }]}>
      <Text>{labels.intro}</Text>
      {mine.isPending && (
        <Center>
          <Loader aria-label={common.loading} />
        </Center>
      )}
      {mine.isError && <FormAlert message={errorMessage(mine.error)} />}
      {mine.data && validated.length === 0 && <Text>{labels.none}</Text>}
      {validated.length > 0 && (
        <ResponsiveTable minWidth={720}>
          <Table striped aria-label={labels.caption}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{labels.columns.structure}</Table.Th>
                <Table.Th scope="col">{labels.columns.companyName}</Table.Th>
                <Table.Th scope="col">{labels.columns.serviceCode}</Table.Th>
                <Table.Th scope="col">{labels.columns.serviceName}</Table.Th>
                <Table.Th scope="col">{labels.columns.role}</Table.Th>
                <Table.Th scope="col">{labels.columns.state}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
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
            </Table.Tbody>
          </Table>
        </ResponsiveTable>
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
