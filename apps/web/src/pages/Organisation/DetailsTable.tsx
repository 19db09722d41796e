import { Table } from '@mantine/core';

/** Label / value rows (a <th scope="row"> per label), for consulting a record. */
export function DetailsTable({ caption, rows }: { caption: string; rows: [string, string][] }) {
  return (
    <Table variant="vertical" withTableBorder layout="fixed" aria-label={caption}>
      <Table.Tbody>
        {rows.map(([label, value]) => (
          <Table.Tr key={label}>
            <Table.Th scope="row" w={240}>
              {label}
            </Table.Th>
            <Table.Td>{value || '—'}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
