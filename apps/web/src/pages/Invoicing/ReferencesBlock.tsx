import { Group, NativeSelect, Radio, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { billingFrameworks, currencies, invoiceTypes, paymentModes, vatTypes } from '@chorale/domain';
import {
  billingFrameworkLabels,
  currencyOptionLabel,
  entry,
  invoiceTypeLabels,
  paymentModeLabels,
  vatTypeLabels,
} from '../../labels-invoicing.ts';
import type { HeaderForm } from './header-form.ts';

const labels = entry.references;

export function FrameworkBlock({ form }: { form: HeaderForm }) {
  return (
    <NativeSelect
      label={entry.framework.label}
      required
      data={billingFrameworks.map((f) => ({ value: f, label: billingFrameworkLabels[f] }))}
      {...form.getInputProps('billingFramework')}
    />
  );
}

/** « Références »: number, date, currency, type, VAT type, market and commitment numbers, payment. */
export function ReferencesBlock({ form }: { form: HeaderForm }) {
  const { vatType } = form.getValues();
  return (
    <Stack gap="sm">
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <TextInput
          label={labels.number}
          description={labels.numberHint}
          autoComplete="off"
          {...form.getInputProps('number')}
        />
        <TextInput label={labels.date} type="date" required {...form.getInputProps('invoiceDate')} />
        <NativeSelect
          label={labels.currency}
          required
          data={currencies.map((c) => ({ value: c, label: currencyOptionLabel(c) }))}
          {...form.getInputProps('currency')}
        />
        <NativeSelect
          label={labels.paymentMode}
          required
          data={paymentModes.map((m) => ({ value: m, label: paymentModeLabels[m] }))}
          {...form.getInputProps('paymentMode')}
        />
      </SimpleGrid>
      <Radio.Group label={labels.type} required {...form.getInputProps('type')}>
        <Group mt="xs">
          {invoiceTypes.map((t) => (
            <Radio key={t} value={t} label={invoiceTypeLabels[t]} />
          ))}
        </Group>
      </Radio.Group>
      <Radio.Group label={labels.vatType} required {...form.getInputProps('vatType')}>
        <Group mt="xs">
          {vatTypes.map((t) => (
            <Radio key={t} value={t} label={vatTypeLabels[t]} />
          ))}
        </Group>
      </Radio.Group>
      {vatType === 'EXONERATION' && (
        <TextInput label={labels.exemptionReason} required {...form.getInputProps('exemptionReason')} />
      )}
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <TextInput label={labels.marketNumber} autoComplete="off" {...form.getInputProps('marketNumber')} />
        <TextInput label={labels.commitmentNumber} autoComplete="off" {...form.getInputProps('commitmentNumber')} />
        <TextInput
          label={labels.originalInvoiceNumber}
          description={labels.originalHint}
          autoComplete="off"
          {...form.getInputProps('originalInvoiceNumber')}
        />
      </SimpleGrid>
    </Stack>
  );
}
