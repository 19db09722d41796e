import { Button, Group, NativeSelect, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { schemaResolver, useForm } from '@mantine/form';
import { useMutation } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { invoiceLineSchema } from '@chorale/contracts';
import { formatCents, lineAmounts, vatRates } from '@chorale/domain';
import { invoicesApi, type Invoice, type InvoiceLine } from '../../api-client/invoices.ts';
import { DetailsTable } from '../Organisation/DetailsTable.tsx';
import { Dialog } from './Dialog.tsx';
import { FormAlert } from '../../components/FormAlert.tsx';
import { applyServerError, focusFirstError, useFormAlert } from '../../components/form-errors.ts';
import { common } from '../../labels.ts';
import { entry, formatRate, lines as labels } from '../../labels-invoicing.ts';

interface LineValues {
  reference: string;
  name: string;
  quantity: string;
  unit: string;
  unitPrice: string;
  discount: string;
  vatRate: string;
}
const blank: LineValues = {
  reference: '',
  name: '',
  quantity: '',
  unit: '',
  unitPrice: '',
  discount: '0,00',
  vatRate: '20',
};
const fromLine = (l: InvoiceLine): LineValues => ({
  reference: l.reference,
  name: l.name,
  quantity: l.quantity.replace('.', ','),
  unit: l.unit,
  unitPrice: l.unitPrice.replace('.', ','),
  discount: l.discount.replace('.', ','),
  vatRate: String(Number(l.vatRate)),
});

/** The line's amounts while typing, with the arithmetic the server stores (or null while incomplete). */
function liveAmounts(v: LineValues) {
  const parsed = invoiceLineSchema.safeParse({ ...v, name: v.name || '-' });
  return parsed.success ? lineAmounts(parsed.data) : null;
}

interface Props {
  invoice: Invoice;
  /** The line being modified, or null for « Ajouter ligne de facture ». */
  line: InvoiceLine | null;
  onSaved: (invoice: Invoice, message: string) => void;
  onClose: () => void;
}

/** « Saisie d'une ligne de facture »: « Valider et fermer » or « Valider et ajouter » (form emptied). */
export function LineForm({ invoice, line, onSaved, onClose }: Props) {
  const [closeAfter, setCloseAfter] = useState(true);
  const closeRef = useRef(true);
  const form = useForm<LineValues>({
    mode: 'controlled',
    initialValues: line ? fromLine(line) : blank,
    validate: schemaResolver(invoiceLineSchema, { sync: true }),
  });
  const [alert, setAlert] = useFormAlert(form);
  const save = useMutation({
    mutationFn: (values: LineValues) =>
      line ? invoicesApi.updateLine(invoice.id, line.id, values) : invoicesApi.addLine(invoice.id, values),
    onSuccess: (saved) => {
      const position = line?.position ?? saved.lines.length;
      onSaved(saved, line ? labels.updated(position) : labels.added(position));
      if (closeRef.current || line) onClose();
      else {
        form.setValues({ ...blank, vatRate: form.getValues().vatRate });
        form.resetDirty();
        requestAnimationFrame(() => form.getInputNode('reference')?.focus());
      }
    },
    onError: (error) => setAlert(applyServerError(form, error)),
  });
  const amounts = liveAmounts(form.getValues());
  const rates: { value: string; label: string }[] = vatRates.map((r) => ({ value: r, label: formatRate(r) }));
  const current = form.getValues().vatRate;
  if (!rates.some((r) => r.value === current)) rates.push({ value: current, label: formatRate(current) });

  const submit = (andClose: boolean) =>
    form.onSubmit(
      (values) => {
        setAlert(null);
        setCloseAfter(andClose);
        closeRef.current = andClose;
        save.mutate(values);
      },
      (errors) => {
        setAlert(common.formHasErrors);
        focusFirstError(form, errors);
      },
    );

  return (
    <Dialog onClose={onClose} title={line ? labels.editTitle(line.position) : labels.formTitle}>
      <form noValidate onSubmit={submit(true)}>
        <Stack gap="sm">
          <Text size="sm" c="dimmed">
            {entry.required}
          </Text>
          <FormAlert message={alert} />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput label={labels.columns.reference} autoComplete="off" {...form.getInputProps('reference')} />
            <TextInput label={labels.columns.name} required autoComplete="off" {...form.getInputProps('name')} />
            <TextInput
              label={labels.columns.quantity}
              required
              inputMode="decimal"
              {...form.getInputProps('quantity')}
            />
            <TextInput label={labels.columns.unit} autoComplete="off" {...form.getInputProps('unit')} />
            <TextInput
              label={labels.columns.unitPrice}
              required
              inputMode="decimal"
              {...form.getInputProps('unitPrice')}
            />
            <TextInput label={labels.columns.discount} inputMode="decimal" {...form.getInputProps('discount')} />
            <NativeSelect label={labels.columns.vatRate} required data={rates} {...form.getInputProps('vatRate')} />
          </SimpleGrid>
          <div aria-live="polite">
            <DetailsTable
              caption={labels.formTitle}
              rows={[
                [labels.netAfterDiscount, amounts ? formatCents(amounts.netCents) : ''],
                [labels.grossAfterDiscount, amounts ? formatCents(amounts.grossCents) : ''],
              ]}
            />
          </div>
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {common.cancel}
            </Button>
            {!line && (
              <Button variant="light" loading={save.isPending && !closeAfter} onClick={() => submit(false)()}>
                {labels.validateAdd}
              </Button>
            )}
            <Button type="submit" loading={save.isPending && closeAfter}>
              {labels.validateClose}
            </Button>
          </Group>
        </Stack>
      </form>
    </Dialog>
  );
}
