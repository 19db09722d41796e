import { Anchor, NativeSelect, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { orgKeys, structuresApi } from '../../api-client/organisation.ts';
import { DetailsTable } from '../Organisation/DetailsTable.tsx';
import { entry } from '../../labels-invoicing.ts';
import { orgApps } from '../../labels-organisation.ts';
import { orgPaths, withStructure } from '../Organisation/paths.ts';
import type { HeaderForm } from './header-form.ts';
import type { IssuingStructure } from './prerequisites.tsx';

const labels = entry.supplier;

/** « Fournisseur de la facture »: structure, service, bank details (IBAN) to be paid on. */
export function SupplierBlock({ form, structures }: { form: HeaderForm; structures: IssuingStructure[] }) {
  const { supplierStructureId, supplierServiceId, bankAccountId } = form.getValues();
  const structureId = Number(supplierStructureId) || 0;
  // Reading the structure needs « Organisation consultation »: without it the block shows less.
  const structure = useQuery({
    queryKey: orgKeys.structure(structureId),
    queryFn: () => structuresApi.get(structureId),
    enabled: structureId > 0,
    retry: false,
  });
  const services = useQuery({
    queryKey: orgKeys.services(structureId),
    queryFn: () => structuresApi.services(structureId),
    enabled: structureId > 0,
    retry: false,
  });
  const banks = useQuery({
    queryKey: orgKeys.bankAccounts(structureId),
    queryFn: () => structuresApi.bankAccounts(structureId),
    enabled: structureId > 0,
    retry: false,
    // An account created in the other tab (the link of the field's message) shows on coming back.
    refetchOnWindowFocus: true,
  });
  // « Références bancaires » defaults to the structure's only account: a transfer needs one (issue 14).
  const onlyAccount = banks.data?.items.filter((b) => b.active);
  const defaultAccount = onlyAccount?.length === 1 ? String(onlyAccount[0]!.id) : '';
  // Once per structure: a user who then picks « Aucune coordonnée bancaire » keeps that choice.
  const defaultedFor = useRef<number | null>(null);
  useEffect(() => {
    if (!defaultAccount || defaultedFor.current === structureId) return;
    defaultedFor.current = structureId;
    if (!bankAccountId) form.setFieldValue('bankAccountId', defaultAccount);
  }, [defaultAccount, bankAccountId, form, structureId]);
  const chosen = structures.find((s) => s.id === structureId);
  const keep = (value: string, list: { value: string }[]) =>
    value && !list.some((o) => o.value === value) ? [{ value, label: value }] : [];

  const serviceOptions = (services.data?.items ?? [])
    .filter((s) => s.active || String(s.id) === supplierServiceId)
    .map((s) => ({ value: String(s.id), label: `${s.code} – ${s.name}` }));
  const bankOptions = (banks.data?.items ?? [])
    .filter((b) => b.active || String(b.id) === bankAccountId)
    .map((b) => ({ value: String(b.id), label: `${b.holderName} – ${b.iban.replace(/(.{4})/g, '$1 ').trim()}` }));
  const s = structure.data;
  const bankInput = form.getInputProps('bankAccountId');
  // The message (a transfer without an account) says where an account is created: in a new tab,
  // so that the invoice being typed stays as it is.
  const bankError =
    bankInput.error && structureId > 0 ? (
      <>
        {bankInput.error}{' '}
        <Anchor href={withStructure(orgPaths.bankAccounts, structureId)} target="_blank" rel="noopener" inherit>
          {orgApps.createBankAccount.title}
          {labels.newTab}
        </Anchor>
      </>
    ) : (
      bankInput.error
    );

  return (
    <Stack gap="sm">
      <NativeSelect
        label={labels.designation}
        required
        data={[
          { value: '', label: labels.choose },
          ...structures.map((x) => ({ value: String(x.id), label: `${x.identifier} - ${x.companyName}` })),
        ]}
        {...form.getInputProps('supplierStructureId')}
      />
      <NativeSelect
        label={labels.service}
        data={[{ value: '', label: labels.noService }, ...serviceOptions, ...keep(supplierServiceId, serviceOptions)]}
        {...form.getInputProps('supplierServiceId')}
      />
      {chosen && (
        <DetailsTable
          caption={labels.title}
          rows={[
            [labels.identifier, chosen.identifier],
            [
              labels.address,
              s ? [s.address, `${s.postalCode} ${s.city}`.trim(), s.countryCode].filter(Boolean).join(', ') : '',
            ],
          ]}
        />
      )}
      <NativeSelect
        label={labels.bank}
        data={[{ value: '', label: labels.noBank }, ...bankOptions, ...keep(bankAccountId, bankOptions)]}
        {...bankInput}
        error={bankError}
      />
      {banks.isError && (
        <Text size="sm" c="dimmed">
          {labels.bankUnavailable}
        </Text>
      )}
    </Stack>
  );
}
