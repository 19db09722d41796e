import { Code, Stack, Table, Text } from '@mantine/core';
import type { ReportLine } from '../../../api-client/deposit.ts';
import { deposit as labels } from '../../../labels-deposit.ts';

const r = labels.report;

/** Fatal lines first: they are what stops the sending. */
const ordered = (lines: ReportLine[]) =>
  [...lines].sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'fatal' ? -1 : 1));

/**
 * The French validation report: one row per failed rule, with the business term, the value found
 * and where it is in the file. The severity is written, not only coloured.
 */
export function ValidationReport({ lines, caption = r.caption }: { lines: ReportLine[]; caption?: string }) {
  const fatal = lines.filter((l) => l.severity === 'fatal').length;
  if (lines.length === 0) return <Text size="sm">{r.none}</Text>;
  return (
    <Stack gap="xs">
      <Text size="sm" fw={600}>
        {r.summary(fatal, lines.length - fatal)}
      </Text>
      <Table.ScrollContainer minWidth={820}>
        <Table striped aria-label={caption} layout="fixed">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col" w={130}>
                {r.severity}
              </Table.Th>
              <Table.Th scope="col" w={120}>
                {r.rule}
              </Table.Th>
              <Table.Th scope="col" w={170}>
                {r.term}
              </Table.Th>
              <Table.Th scope="col" w={130}>
                {r.value}
              </Table.Th>
              <Table.Th scope="col">{r.message}</Table.Th>
              <Table.Th scope="col" w={220}>
                {r.location}
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {ordered(lines).map((l, i) => (
              <Table.Tr key={`${l.rule}-${l.location}-${i}`}>
                <Table.Td>
                  <Text size="sm" fw={700} c={l.severity === 'fatal' ? 'red.9' : 'orange.9'}>
                    {l.severity === 'fatal' ? r.fatal : r.warning}
                  </Text>
                </Table.Td>
                <Table.Td>{l.rule}</Table.Td>
                <Table.Td>{[l.term, l.termLabel].filter(Boolean).join(' – ') || '—'}</Table.Td>
                <Table.Td style={{ wordBreak: 'break-word' }}>{l.value ?? '—'}</Table.Td>
                <Table.Td>{l.message}</Table.Td>
                <Table.Td>
                  <Code style={{ wordBreak: 'break-all', whiteSpace: 'normal' }}>{l.location}</Code>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Stack>
  );
}
