import { Table, type TableProps } from '@mantine/core';
import type { ReactNode } from 'react';
import { ResponsiveTable } from './ResponsiveTable.tsx';

/** A column header, with its width where it is set. */
export type Column = string | [label: string, width: string];

interface Props extends Omit<TableProps, 'children' | 'striped'> {
  /** The table's accessible name. */
  caption: string;
  columns: Column[];
  /** Below this width the table scrolls sideways (0: it never does). */
  minWidth?: number;
  /** The rows. */
  children: ReactNode;
}

/** A striped list named by `caption`, its columns headed, one card per row on a phone. */
export function ListTable({ caption, columns, minWidth = 0, children, ...table }: Props) {
  return (
    <ResponsiveTable minWidth={minWidth}>
      <Table striped aria-label={caption} {...table}>
        <Table.Thead>
          <Table.Tr>
            {columns.map((c) => {
              const [label, width] = typeof c === 'string' ? [c, undefined] : c;
              return (
                <Table.Th key={label} scope="col" w={width}>
                  {label}
                </Table.Th>
              );
            })}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>{children}</Table.Tbody>
      </Table>
    </ResponsiveTable>
  );
}
