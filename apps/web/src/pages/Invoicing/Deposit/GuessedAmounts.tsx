import { SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import type { Guess } from '../../../api-client/deposit.ts';
import { deposit as labels } from '../../../labels-deposit.ts';
import { guessedStyles } from './deposit-form.ts';

const a = labels.amounts;
const fields: [Guess['field'], string][] = [
  ['totalNet', a.net],
  ['totalVat', a.vat],
  ['totalGross', a.gross],
  ['netPayable', a.netPayable],
];

/**
 * « Montants totaux » read in a plain PDF, tinted and marked « à vérifier »: the invoice's amounts
 * come from its lines, which the depositor checks against these.
 */
export function GuessedAmounts({ guesses }: { guesses: Guess[] }) {
  const found = fields
    .map(([field, label]) => [label, guesses.find((g) => g.field === field)] as const)
    .filter(([, g]) => g);
  if (found.length === 0) return null;
  return (
    <Stack gap="xs">
      <Text size="sm" fw={600}>
        {labels.amountsRead}
      </Text>
      <SimpleGrid cols={{ base: 1, sm: 2, md: 4 }}>
        {found.map(([label, g]) => (
          <TextInput
            key={label}
            label={label}
            value={g!.value.replace('.', ',')}
            readOnly
            description={labels.toCheck}
            styles={guessedStyles}
            data-guessed
          />
        ))}
      </SimpleGrid>
    </Stack>
  );
}
