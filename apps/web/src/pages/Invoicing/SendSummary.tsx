import { Alert, Button, Code, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { formatCents } from '@chorale/domain';
import { invoiceNumber, invoiceUrls, type Invoice } from '../../api-client/invoices.ts';
import { DetailsTable } from '../Organisation/DetailsTable.tsx';
import { formatDate, sending as labels } from '../../labels-invoicing.ts';
import { invoicingPaths } from './paths.ts';

/** « Récapitulatif » after « Confirmer et envoyer ». */
export function SendSummary({ invoice }: { invoice: Invoice }) {
  const t = invoice.totals;
  const cur = (cents: number) => `${formatCents(cents)} ${invoice.currency}`;
  return (
    <Paper withBorder p="lg">
      <Stack gap="md">
        <Title order={2} size="h3">
          {labels.summaryTitle}
        </Title>
        <Text>
          {labels.supplier} : {invoice.supplier.identifier} - {invoice.supplier.name} · {labels.date} :{' '}
          {formatDate(invoice.invoiceDate)}
        </Text>
        <Alert color="green" variant="light" role="status">
          {labels.validated(invoiceNumber(invoice))}
        </Alert>
        <Text>
          {labels.certificate} <Code style={{ wordBreak: 'break-all' }}>{invoice.certificate}</Code>
        </Text>
        <DetailsTable
          caption={labels.amountsCaption}
          rows={[
            [labels.netAfterGlobal, cur(t.netCents)],
            [labels.vatAmount, cur(t.vatCents)],
            [labels.grossBeforeGlobal, cur(t.grossCents)],
            [labels.globalDiscount, cur(t.globalDiscountCents)],
            [labels.grossTotal, cur(t.afterDiscountCents)],
            [labels.toPay, cur(t.netPayableCents)],
          ]}
        />
        <Group>
          <Button component="a" href={invoiceUrls.certificatePdf(invoice.id)} variant="default">
            {labels.exportCertificate}
          </Button>
          <Button
            component="a"
            href={invoiceUrls.invoicePdf(invoice.id)}
            target="_blank"
            rel="noopener"
            variant="default"
          >
            {labels.viewInvoice}
          </Button>
          <Button component={Link} to={invoicingPaths.issuedInvoice(invoice.id)}>
            {labels.follow}
          </Button>
          <Button component={Link} to={invoicingPaths.enter} variant="light">
            {labels.newInvoice}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
