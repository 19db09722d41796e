import { Button, Group, SimpleGrid, Stack, Table, Text, TextInput, VisuallyHidden } from '@mantine/core';
import { formatCents, typedGrossCents } from '@chorale/domain';
import { useId, useRef, useState } from 'react';
import type { Guess } from '../../../api-client/deposit.ts';
import { deposit as labels } from '../../../labels-deposit.ts';
import { guessedStyles } from './deposit-form.ts';
import { guessOf, type TypedTotalsForm } from './typed-totals-form.ts';

const a = labels.amounts;

/**
 * « Montants totaux » of a plain PDF (webinar « Déposer une facture (4/6) »): « Montant HT »,
 * « Montant TVA », « Net à payer » typed (pre-filled from the PDF, tinted « à vérifier »),
 * « Montant TTC » computed; « Saisir le détail de la TVA » (facultatif) adds one row per rate.
 */
export function TypedTotalsBlock({ form, guesses }: { form: TypedTotalsForm; guesses: Guess[] }) {
  const detailId = useId();
  const errorId = useId();
  const firstRate = useRef<HTMLInputElement>(null);
  const values = form.getValues();
  const [detailOpen, setDetailOpen] = useState(values.vatDetail.length > 0);
  const gross = typedGrossCents(values.totalNet, values.totalVat);
  const checked = (field: 'totalNet' | 'totalVat' | 'netPayable') => {
    const guess = guessOf(guesses, field);
    // Marked while the value is the one read in the PDF.
    if (!guess || form.getValues()[field].replace(',', '.') !== guess.value) return {};
    return { description: labels.toCheck, styles: guessedStyles, 'data-guessed': true };
  };
  const detailError = form.errors.vatDetail;
  const openDetail = () => {
    setDetailOpen(true);
    if (values.vatDetail.length === 0) form.insertListItem('vatDetail', { rate: '', base: '', amount: '' });
    setTimeout(() => firstRate.current?.focus(), 0);
  };

  return (
    <Stack gap="sm">
      <SimpleGrid cols={{ base: 1, sm: 2, md: 4 }}>
        <TextInput
          label={a.net}
          withAsterisk
          inputMode="decimal"
          {...checked('totalNet')}
          {...form.getInputProps('totalNet')}
        />
        <TextInput
          label={a.vat}
          withAsterisk
          inputMode="decimal"
          {...checked('totalVat')}
          {...form.getInputProps('totalVat')}
        />
        <TextInput label={a.gross} value={gross === null ? '' : formatCents(gross)} readOnly />
        <TextInput
          label={a.netPayable}
          withAsterisk
          inputMode="decimal"
          {...checked('netPayable')}
          {...form.getInputProps('netPayable')}
        />
      </SimpleGrid>
      <Group>
        <Button
          variant="default"
          aria-expanded={detailOpen}
          aria-controls={detailId}
          onClick={() => (detailOpen ? setDetailOpen(false) : openDetail())}
        >
          {a.vatDetail}
        </Button>
        <Text size="sm" c="dimmed">
          {a.vatDetailHint}
        </Text>
      </Group>
      <div id={detailId} hidden={!detailOpen}>
        <Stack gap="xs">
          <Table withTableBorder aria-label={a.vatCaption} aria-describedby={detailError ? errorId : undefined}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{a.rate}</Table.Th>
                <Table.Th scope="col">{a.base}</Table.Th>
                <Table.Th scope="col">{a.vatAmount}</Table.Th>
                <Table.Th scope="col">
                  <VisuallyHidden>{labels.buttons.remove}</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {values.vatDetail.map((_, i) => (
                <Table.Tr key={i}>
                  <Table.Td>
                    <TextInput
                      ref={i === 0 ? firstRate : undefined}
                      aria-label={a.rowLabel(a.rate, i + 1)}
                      inputMode="decimal"
                      {...form.getInputProps(`vatDetail.${i}.rate`)}
                    />
                  </Table.Td>
                  <Table.Td>
                    <TextInput
                      aria-label={a.rowLabel(a.base, i + 1)}
                      inputMode="decimal"
                      {...form.getInputProps(`vatDetail.${i}.base`)}
                    />
                  </Table.Td>
                  <Table.Td>
                    <TextInput
                      aria-label={a.rowLabel(a.vatAmount, i + 1)}
                      inputMode="decimal"
                      {...form.getInputProps(`vatDetail.${i}.amount`)}
                    />
                  </Table.Td>
                  <Table.Td>
                    <Button variant="subtle" color="red" onClick={() => form.removeListItem('vatDetail', i)}>
                      {a.removeRate(i + 1)}
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          {detailError && (
            <Text size="sm" c="red.8" id={errorId} role="alert">
              {detailError}
            </Text>
          )}
          <Group>
            <Button
              variant="default"
              onClick={() => form.insertListItem('vatDetail', { rate: '', base: '', amount: '' })}
              disabled={values.vatDetail.length >= 20}
            >
              {a.addRate}
            </Button>
          </Group>
        </Stack>
      </div>
    </Stack>
  );
}
