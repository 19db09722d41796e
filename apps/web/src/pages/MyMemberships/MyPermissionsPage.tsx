import { Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { membershipsApi, orgKeys } from '../../api-client/organisation.ts';
import { Page } from '../../components/Page.tsx';
import { account } from '../../labels.ts';
import { myPermissions as labels } from '../../labels-organisation.ts';
import { QueryState } from '../../components/QueryState.tsx';
import { ListTable } from '../../components/ListTable.tsx';

/** « Mes habilitations »: Structure, Raison Sociale, Code service, Libellé service, Profil. */
export function MyPermissionsPage() {
  const permissions = useQuery({ queryKey: orgKeys.permissions, queryFn: membershipsApi.permissions });
  const items = permissions.data?.items ?? [];
  return (
    <Page title={labels.title} trail={[{ label: account.title, to: '/mon-compte' }]}>
      <Text>{labels.intro}</Text>
      <QueryState query={permissions} />
      {permissions.data && items.length === 0 && <Text>{labels.none}</Text>}
      {items.length > 0 && (
        <ListTable
          minWidth={720}
          caption={labels.caption}
          columns={[
            labels.columns.structure,
            labels.columns.companyName,
            labels.columns.serviceCode,
            labels.columns.serviceName,
            labels.columns.profile,
          ]}
        >
          {items.map((p) => (
            <Table.Tr key={`${p.structureId}-${p.serviceCode}-${p.application}-${p.level}`}>
              <Table.Td>{p.structure}</Table.Td>
              <Table.Td>{p.companyName}</Table.Td>
              <Table.Td>{p.serviceCode}</Table.Td>
              <Table.Td>{p.serviceName}</Table.Td>
              <Table.Td>{p.profile}</Table.Td>
            </Table.Tr>
          ))}
        </ListTable>
      )}
    </Page>
  );
}
