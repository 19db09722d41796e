import { Table } from '@mantine/core';

/** Label / value rows (a <th scope="row"> per label), for consulting a record. */
export function DetailsTable({ caption, rows }: { caption: string; rows: [string, string][] }) {
  return (
    <Table variant="vertical" withTableBorder layout="fixed" aria-label={caption}>
      <Table.Tbody>
        {rows.map(([label, value]) => (
          <Table.Tr key={label}>
            {/* A fixed 240 px label column left 75 px for the value on a phone: the SIRET was cut (issue 14). */}
            <Table.Th scope="row" w={{ base: '40%', sm: 240 }}>
              {label}
            </Table.Th>
            <Table.Td style={{ overflowWrap: 'anywhere' }}>{value || '—'}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
