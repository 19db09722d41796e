import { Anchor, Badge, Group, Text } from '@mantine/core';
import { formatCents } from '@chorale/domain';
import { invoiceUrls, type Invoice } from '../../api-client/invoices.ts';
import { formatDate } from '../../labels-invoicing.ts';
import { paymentDelay as labels } from '../../labels-search.ts';
import { DetailsTable } from '../Organisation/DetailsTable.tsx';
import { Section } from './Section.tsx';

const pct = (v: string) => `${v.replace('.', ',')} %`;

/**
 * « Délai de paiement »: the payment period runs from « Mise à disposition »; days elapsed, due
 * date and, once late, the late-payment interest and the 40 € indemnity the buyer owes; the
 * supplier downloads the claim to send (« Demande de paiement des intérêts moratoires », PDF).
 */
export function PaymentDelayBlock({ invoice }: { invoice: Invoice }) {
  const p = invoice.payment;
  if (!p) return null;
  const rows: [string, string][] = [
    [labels.period, labels.days(p.periodDays)],
    [labels.dueDate, formatDate(p.dueDate)],
    [p.paid ? labels.elapsedPaid : labels.elapsed, labels.days(p.daysElapsed)],
  ];
  if (p.interest)
    rows.push(
      [labels.daysLate, labels.days(p.daysLate)],
      [labels.rate, labels.rateDetail(pct(p.interest.ratePercent), pct(p.interest.ecbRate))],
      [labels.interest, `${formatCents(p.interest.interestCents)} €`],
      [labels.indemnity, `${formatCents(p.interest.indemnityCents)} €`],
      [labels.total, `${formatCents(p.interest.totalCents)} €`],
    );
  return (
    <Section title={labels.title}>
      <Group gap="sm">
        {p.late ? (
          <Badge color="red" variant="light">
            {labels.late(p.daysLate)}
          </Badge>
        ) : p.paid ? (
          <Badge color="green" variant="light">
            {labels.paidOnTime}
          </Badge>
        ) : (
          <Badge color={p.dueSoon ? 'orange' : 'blue'} variant="light">
            {labels.onTime}
          </Badge>
        )}
      </Group>
      <DetailsTable rows={rows} caption={labels.title} />
      {p.interest && <Text size="sm">{labels.interestNote}</Text>}
      {p.interest && invoice.side === 'supplier' && (
        <Anchor href={invoiceUrls.interestClaim(invoice.id)} download size="sm">
          {labels.claim}
        </Anchor>
      )}
    </Section>
  );
}
