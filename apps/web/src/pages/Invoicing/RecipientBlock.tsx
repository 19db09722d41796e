import { Alert, Button, Group, Loader, NativeSelect, Radio, Stack, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { siretProblem, STATE_SIRET } from '@chorale/domain';
import { errorMessage } from '../../api-client/client.ts';
import { directoryApi, type DirectoryEntity } from '../../api-client/endpoints.ts';
import { invoicesApi } from '../../api-client/invoices.ts';
import { FormAlert } from '../../components/FormAlert.tsx';
import { common } from '../../labels.ts';
import { entry } from '../../labels-invoicing.ts';
import type { HeaderForm } from './header-form.ts';

const labels = entry.recipient;

/** What the directory says the recipient requires, as the webinar asks the supplier to check. */
function requirements(entity: DirectoryEntity, serviceCode: string): string[] {
  const service = entity.services.find((s) => s.code === serviceCode);
  const isState = entity.identifier === STATE_SIRET;
  const out: string[] = [];
  if (entity.serviceCodeRequired || isState) out.push(labels.serviceRequired);
  if (entity.commitmentRequired || isState) out.push(labels.commitmentRequired);
  else if (service?.commitmentRequired) out.push(labels.serviceCommitmentRequired);
  if (entity.serviceOrCommitmentRequired) out.push(labels.serviceOrCommitment);
  return out.length ? out : [labels.nothingRequired];
}

/** « Destinataire de la facture »: État or not, SIRET (or a search by name), service. */
export function RecipientBlock({ form }: { form: HeaderForm }) {
  const { recipientIsState, recipientIdentifier, recipientServiceCode } = form.getValues();
  const siret = recipientIsState ? STATE_SIRET : recipientIdentifier.replace(/\s/g, '');
  const [candidate] = useDebouncedValue(/^\d{14}$/.test(siret) ? siret : '', 250);
  const lookup = useQuery({
    queryKey: ['invoices', 'recipient', candidate],
    queryFn: () => invoicesApi.recipient(candidate),
    enabled: candidate !== '',
    staleTime: 60_000,
  });
  const entity = candidate === siret ? lookup.data?.items.find((e) => e.identifier === candidate) : undefined;
  // Not in the directory: a wrong check digit (Luhn) is said precisely, else « not found ». The
  // directory is asked first: an entity it holds is found whatever its check digit.
  const unknown = Boolean(candidate && lookup.data && !entity && candidate === siret);
  const keyProblem = unknown ? siretProblem(siret) : null;
  const notFound = unknown ? (keyProblem ?? labels.notFound) : undefined;

  const [term, setTerm] = useState('');
  const search = useQuery({
    queryKey: ['invoices', 'recipient-search', term],
    queryFn: () => directoryApi.search(term, false, 1),
    enabled: term !== '',
  });

  const services = entity?.services ?? [];
  const serviceOptions = [
    { value: '', label: labels.noService },
    ...services.map((s) => ({ value: s.code, label: `${s.code} – ${s.name}` })),
    // A code typed earlier and no longer offered stays visible (and the server says what is wrong).
    ...(recipientServiceCode && !services.some((s) => s.code === recipientServiceCode)
      ? [{ value: recipientServiceCode, label: recipientServiceCode }]
      : []),
  ];

  return (
    <Stack gap="sm">
      <Radio.Group
        label={labels.isState}
        description={labels.stateHint}
        value={recipientIsState ? 'true' : 'false'}
        onChange={(value) => {
          form.setFieldValue('recipientIsState', value === 'true');
          form.setFieldValue('recipientServiceCode', '');
        }}
      >
        <Group mt="xs">
          <Radio value="true" label={common.yes} />
          <Radio value="false" label={common.no} />
        </Group>
      </Radio.Group>
      {recipientIsState ? (
        <TextInput label={labels.identifier} value={STATE_SIRET} readOnly />
      ) : (
        <Group align="flex-start" gap="sm">
          <TextInput
            label={labels.identifier}
            description={labels.identifierHint}
            required
            autoComplete="off"
            style={{ flex: 1, minWidth: 260 }}
            rightSection={lookup.isFetching ? <Loader size="xs" aria-label={common.loading} /> : null}
            {...form.getInputProps('recipientIdentifier')}
            error={form.errors.recipientIdentifier ?? notFound}
          />
          <Button
            variant="default"
            mt={{ base: 0, sm: 46 }}
            // A mistyped SIRET is already explained on the field: no second message under the button.
            onClick={() => {
              if (keyProblem) form.getInputNode('recipientIdentifier')?.focus();
              else setTerm(recipientIdentifier.trim());
            }}
            disabled={!recipientIdentifier.trim()}
          >
            {labels.search}
          </Button>
        </Group>
      )}
      {term && !keyProblem && search.isError && <FormAlert message={errorMessage(search.error)} />}
      {term && !keyProblem && search.data && (
        <Stack gap={4} role="region" aria-label={labels.results}>
          {search.data.items.length === 0 ? (
            <Text size="sm">{labels.noResult}</Text>
          ) : (
            <Table aria-label={labels.results}>
              <Table.Tbody>
                {search.data.items.slice(0, 8).map((e) => (
                  <Table.Tr key={e.id}>
                    <Table.Td>{e.identifier}</Table.Td>
                    <Table.Td>{e.name}</Table.Td>
                    <Table.Td>{[e.postalCode, e.city].filter(Boolean).join(' ')}</Table.Td>
                    <Table.Td>
                      <Button
                        size="xs"
                        variant="light"
                        aria-label={labels.choose(e.name)}
                        onClick={() => {
                          form.setFieldValue('recipientIdentifier', e.identifier);
                          form.setFieldValue('recipientServiceCode', '');
                          setTerm('');
                        }}
                      >
                        {labels.chooseShort}
                      </Button>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </Stack>
      )}
      {entity && (
        <Alert color="blue" variant="light" role="status" title={`${entity.identifier} – ${entity.name}`}>
          <Stack gap={2}>
            <Text size="sm">
              {labels.address} : {[entity.address, entity.postalCode, entity.city].filter(Boolean).join(' ') || '—'}
            </Text>
            {requirements(entity, recipientServiceCode).map((r) => (
              <Text size="sm" fw={600} key={r}>
                {r}
              </Text>
            ))}
          </Stack>
        </Alert>
      )}
      <NativeSelect label={labels.service} data={serviceOptions} {...form.getInputProps('recipientServiceCode')} />
    </Stack>
  );
}
