import { useForm, type UseFormReturnType } from '@mantine/form';
import { typedTotalsProblems, type TypedTotals } from '@chorale/domain';
import type { Guess, InvoiceDeposit } from '../../../api-client/deposit.ts';

/** « Montants totaux » of a plain PDF as the form holds them (« 7 850,00 », French commas). */
export type TypedTotalsValues = TypedTotals;
export type TypedTotalsForm = UseFormReturnType<TypedTotalsValues>;

const shown = (v: string) => v.replace('.', ',');

function initialValues(deposit: InvoiceDeposit): TypedTotalsValues {
  const t = deposit.typedTotals ?? { totalNet: '', totalVat: '', netPayable: '', vatDetail: [] };
  return {
    totalNet: shown(t.totalNet),
    totalVat: shown(t.totalVat),
    netPayable: shown(t.netPayable),
    vatDetail: t.vatDetail.map((l) => ({ rate: shown(l.rate), base: shown(l.base), amount: shown(l.amount) })),
  };
}

/** The value read for each total (« à vérifier » until the user changes it). */
export function guessOf(guesses: Guess[], field: 'totalNet' | 'totalVat' | 'netPayable'): Guess | undefined {
  const own = guesses.find((g) => g.field === field);
  // Without a « net à payer » read, the TTC read stands for it (as the server pre-fills it).
  return own ?? (field === 'netPayable' ? guesses.find((g) => g.field === 'totalGross') : undefined);
}

/** The form of « Montants totaux » and « Saisir le détail de la TVA », checked by the shared rules. */
export function useTypedTotalsForm(deposit: InvoiceDeposit): TypedTotalsForm {
  return useForm<TypedTotalsValues>({
    mode: 'controlled',
    initialValues: initialValues(deposit),
    validate: (values) => typedTotalsProblems(values),
  });
}
