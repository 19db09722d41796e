import { Table } from '@mantine/core';
import { useLayoutEffect, useRef, type ReactNode } from 'react';
import classes from './ResponsiveTable.module.css';

/**
 * A table that scrolls sideways on a wide screen when it must, and becomes one card per row on a
 * phone (see the CSS). Each cell gets its column header as `data-label`, read by the card layout.
 */
export function ResponsiveTable({ minWidth, children }: { minWidth: number; children: ReactNode }) {
  const box = useRef<HTMLDivElement>(null);
  // After every render: rows come and go with the data, and headers may change with the side shown.
  useLayoutEffect(() => {
    for (const table of Array.from(box.current?.querySelectorAll('table') ?? [])) {
      const headers = Array.from(table.querySelectorAll('thead th')).map((th) => th.textContent?.trim() ?? '');
      for (const row of Array.from(table.querySelectorAll('tbody tr')))
        Array.from(row.children).forEach((cell, i) => {
          const label = headers[i];
          if (label) cell.setAttribute('data-label', label);
          else cell.removeAttribute('data-label');
        });
    }
  });
  return (
    <div ref={box} className={classes.responsive}>
      <Table.ScrollContainer minWidth={minWidth}>{children}</Table.ScrollContainer>
    </div>
  );
}
