import { Center, Loader, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { errorMessage } from '../../api-client/client.ts';
import { membershipsApi, orgKeys } from '../../api-client/organisation.ts';
import { FormAlert } from '../../components/FormAlert.tsx';
import { Page } from '../../components/Page.tsx';
import { account, common } from '../../labels.ts';
import { myPermissions as labels } from '../../labels-organisation.ts';
import { ResponsiveTable } from '../../components/ResponsiveTable.tsx';

/** « Mes habilitations »: Structure, Raison Sociale, Code service, Libellé service, Profil. */
export function MyPermissionsPage() {
  const permissions = useQuery({ queryKey: orgKeys.permissions, queryFn: membershipsApi.permissions });
  const items = permissions.data?.items ?? [];
  return (
    <Page title={labels.title} trail={[{ label: account.title, to: '/mon-compte' }]}>
      <Text>{labels.intro}</Text>
      {permissions.isPending && (
        <Center>
          <Loader aria-label={common.loading} />
        </Center>
      )}
      {permissions.isError && <FormAlert message={errorMessage(permissions.error)} />}
      {permissions.data && items.length === 0 && <Text>{labels.none}</Text>}
      {items.length > 0 && (
        <ResponsiveTable minWidth={720}>
          <Table striped aria-label={labels.caption}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{labels.columns.structure}</Table.Th>
                <Table.Th scope="col">{labels.columns.companyName}</Table.Th>
                <Table.Th scope="col">{labels.columns.serviceCode}</Table.Th>
                <Table.Th scope="col">{labels.columns.serviceName}</Table.Th>
                <Table.Th scope="col">{labels.columns.profile}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((p) => (
                <Table.Tr key={`${p.structureId}-${p.serviceCode}-${p.application}-${p.level}`}>
                  <Table.Td>{p.structure}</Table.Td>
                  <Table.Td>{p.companyName}</Table.Td>
                  <Table.Td>{p.serviceCode}</Table.Td>
                  <Table.Td>{p.serviceName}</Table.Td>
                  <Table.Td>{p.profile}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ResponsiveTable>
      )}
    </Page>
  );
}
