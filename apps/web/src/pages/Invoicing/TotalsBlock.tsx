import { SimpleGrid, Stack, Table, TextInput } from '@mantine/core';
import { formatCents, invoiceTotals } from '@chorale/domain';
import type { Invoice } from '../../api-client/invoices.ts';
import { DetailsTable } from '../Organisation/DetailsTable.tsx';
import { formatRate, totals as labels } from '../../labels-invoicing.ts';
import { discountValue, type HeaderForm } from './header-form.ts';

/** The invoice's amounts from its lines and global discount, with the server's own arithmetic. */
export function computeTotals(invoice: Invoice, globalDiscount: string) {
  return invoiceTotals(
    invoice.lines.map((l) => ({
      quantity: l.quantity,
      unitPrice: l.unitPrice,
      discount: l.discount,
      vatRate: l.vatRate,
    })),
    globalDiscount,
  );
}

export function VatSummary({ invoice, globalDiscount }: { invoice: Invoice; globalDiscount: string }) {
  const t = computeTotals(invoice, globalDiscount);
  return (
    <Table withTableBorder aria-label={labels.vatCaption} maw={560}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th scope="col">{labels.rate}</Table.Th>
          <Table.Th scope="col">{labels.base}</Table.Th>
          <Table.Th scope="col">{labels.vat}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {t.vat.map((v) => (
          <Table.Tr key={v.rate}>
            <Table.Td>{formatRate(v.rate)}</Table.Td>
            <Table.Td>{formatCents(v.baseCents)}</Table.Td>
            <Table.Td>{formatCents(v.vatCents)}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/** « Montants totaux », read-only (a sent invoice). */
export function TotalsTable({ invoice, globalDiscount }: { invoice: Invoice; globalDiscount: string }) {
  const t = computeTotals(invoice, globalDiscount);
  const cur = (cents: number) => `${formatCents(cents)} ${invoice.currency}`;
  return (
    <DetailsTable
      caption={labels.title}
      rows={[
        [labels.net, cur(t.totalNetCents)],
        [labels.vatTotal, cur(t.totalVatCents)],
        [labels.grossBefore, cur(t.totalGrossCents)],
        [labels.globalDiscount, cur(t.globalDiscountCents)],
        [labels.globalDiscountReason, invoice.globalDiscountReason],
        [labels.grossAfter, cur(t.totalAfterDiscountCents)],
        [labels.netPayable, cur(t.netPayableCents)],
      ]}
    />
  );
}

/** « Montants totaux » of a draft: the global discount and its reason are typed here. */
export function TotalsBlock({ invoice, form }: { invoice: Invoice; form: HeaderForm }) {
  const t = computeTotals(invoice, discountValue(form.getValues().globalDiscount));
  const cur = (cents: number) => `${formatCents(cents)} ${invoice.currency}`;
  return (
    <Stack gap="sm">
      <DetailsTable
        caption={labels.title}
        rows={[
          [labels.net, cur(t.totalNetCents)],
          [labels.vatTotal, cur(t.totalVatCents)],
          [labels.grossBefore, cur(t.totalGrossCents)],
        ]}
      />
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <TextInput label={labels.globalDiscount} inputMode="decimal" {...form.getInputProps('globalDiscount')} />
        <TextInput label={labels.globalDiscountReason} {...form.getInputProps('globalDiscountReason')} />
      </SimpleGrid>
      <div aria-live="polite">
        <DetailsTable
          caption={`${labels.title} (${labels.grossAfter})`}
          rows={[
            [labels.grossAfter, cur(t.totalAfterDiscountCents)],
            [labels.netPayable, cur(t.netPayableCents)],
          ]}
        />
      </div>
    </Stack>
  );
}
