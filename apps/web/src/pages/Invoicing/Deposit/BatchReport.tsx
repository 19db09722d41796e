import { Anchor, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { depositUrls, type DepositResult } from '../../../api-client/deposit.ts';
import { depositFormatLabels, deposit as labels } from '../../../labels-deposit.ts';
import { invoicingPaths } from '../paths.ts';
import { ValidationReport } from './ValidationReport.tsx';

const b = labels.batch;
const outcomeColor = { BROUILLON: 'blue.9', ENVOYEE: 'green.9', REFUSEE: 'red.9' } as const;

/** « Rapport de dépôt du lot »: one row per file of the .zip / .tar.gz, then each refusal's reasons. */
export function BatchReport({ result }: { result: DepositResult }) {
  const s = result.summary;
  const withReport = result.items.filter((i) => i.outcome === 'REFUSEE' || i.report.length > 0);
  return (
    <Paper withBorder p="lg" component="section" aria-labelledby="batch-report-title">
      <Stack gap="md">
        <Title order={2} size="h3" id="batch-report-title">
          {b.title}
        </Title>
        <Text role="status" fw={600}>
          {b.summary(s.total, s.drafts, s.sent, s.refused)}
        </Text>
        <Anchor href={depositUrls.reportPdf(result.depositId)}>{b.downloadReport}</Anchor>
        <Table.ScrollContainer minWidth={760}>
          <Table striped aria-label={b.caption}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{b.file}</Table.Th>
                <Table.Th scope="col">{b.format}</Table.Th>
                <Table.Th scope="col">{b.outcome}</Table.Th>
                <Table.Th scope="col">{b.number}</Table.Th>
                <Table.Th scope="col">{b.details}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {result.items.map((item, i) => {
                const number = item.number ?? item.draftNumber ?? '';
                return (
                  <Table.Tr key={`${item.fileName}-${i}`}>
                    <Table.Th scope="row" fw={400}>
                      {item.fileName}
                    </Table.Th>
                    <Table.Td>{item.format ? depositFormatLabels[item.format] : '—'}</Table.Td>
                    <Table.Td>
                      <Text size="sm" fw={700} c={outcomeColor[item.outcome]}>
                        {b.outcomes[item.outcome] ?? item.outcome}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      {item.invoiceId ? (
                        <Anchor
                          component={Link}
                          to={
                            item.outcome === 'BROUILLON'
                              ? invoicingPaths.depositDraft(item.invoiceId)
                              : invoicingPaths.issuedInvoice(item.invoiceId)
                          }
                          aria-label={b.open(number)}
                        >
                          {number}
                        </Anchor>
                      ) : (
                        '—'
                      )}
                    </Table.Td>
                    <Table.Td>{item.message}</Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        {withReport.map((item, i) => (
          <Stack gap="xs" key={`${item.fileName}-report-${i}`}>
            <Title order={3} size="h4">
              {b.reportOf(item.fileName)}
            </Title>
            {item.report.length > 0 ? (
              <ValidationReport lines={item.report} caption={b.reportOf(item.fileName)} />
            ) : (
              <Text size="sm">{item.message}</Text>
            )}
          </Stack>
        ))}
      </Stack>
    </Paper>
  );
}
