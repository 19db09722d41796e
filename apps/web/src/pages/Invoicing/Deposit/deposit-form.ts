import type { Guess, InvoiceDeposit } from '../../../api-client/deposit.ts';
import { deposit as labels } from '../../../labels-deposit.ts';
import type { HeaderForm, HeaderValues } from '../header-form.ts';

/** Where each value guessed in a plain PDF lands in the form (the totals are shown, not typed). */
const guessTargets: Partial<Record<Guess['field'], keyof HeaderValues>> = {
  number: 'number',
  invoiceDate: 'invoiceDate',
  recipientIdentifier: 'recipientIdentifier',
  supplierIdentifier: 'supplierStructureId',
  iban: 'bankAccountId',
};

/** The form fields pre-filled from the file, each with the value read. */
export function guessedFields(guesses: Guess[]): Map<keyof HeaderValues, Guess> {
  const out = new Map<keyof HeaderValues, Guess>();
  for (const g of guesses) {
    const target = guessTargets[g.field];
    if (target) out.set(target, g);
  }
  return out;
}

/** Tint of a value « à vérifier » (webinar: « les champs bleutés »); the mark itself is text. */
export const guessedStyles = { input: { backgroundColor: 'var(--mantine-color-blue-0)' } };

/**
 * Extra props of every field of a deposited draft (`useForm({ enhanceGetInputProps })`): a field
 * pre-filled by the recogniser is tinted and described « à vérifier » (the description is tied
 * to the input by aria-describedby) until the user changes it; in a structured file, the
 * structure is the file's and cannot be chosen.
 */
export function depositInputProps(deposit: InvoiceDeposit | undefined) {
  const guesses = guessedFields(deposit?.guesses ?? []);
  const structured = deposit ? deposit.format !== 'PDF_NON_SIGNE' : false;
  return ({ field, form }: { field: string; form: HeaderForm }) => {
    if (structured && field === 'supplierStructureId') return { disabled: true };
    const guess = guesses.get(field as keyof HeaderValues);
    if (!guess || form.isDirty(field)) return undefined;
    return {
      description: field === 'bankAccountId' ? labels.toCheckBank(guess.value) : labels.toCheck,
      styles: guessedStyles,
      'data-guessed': true,
    };
  };
}

/** Fatal lines of the report: while there is one, the invoice cannot be sent. */
export const fatalCount = (deposit: InvoiceDeposit | undefined) =>
  (deposit?.report ?? []).filter((l) => l.severity === 'fatal').length;
