import { Alert, Button, Group, Loader, NativeSelect, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { schemaResolver, useForm, type FormErrors } from '@mantine/form';
import { useDebouncedValue } from '@mantine/hooks';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { Link, useNavigate } from 'react-router';
import { structureFormSchema, type StructureForm } from '@chorale/contracts';
import { checkStructureIdentifier, structureIdentifierTypes, type StructureIdentifierType } from '@chorale/domain';
import { ApiError } from '../../api-client/client.ts';
import { orgKeys, structuresApi } from '../../api-client/organisation.ts';
import { FormAlert } from '../../components/FormAlert.tsx';
import { applyServerError, onValidSubmit, useFormAlert } from '../../components/form-errors.ts';
import { Page } from '../../components/Page.tsx';
import { common } from '../../labels.ts';
import { identifierTypeLabels, orgApps, orgDomain, structureForm } from '../../labels-organisation.ts';
import { orgPaths } from './paths.ts';
import { StructureFields } from './StructureFields.tsx';

type Values = Required<StructureForm>;

const initialValues: Values = {
  identifierType: 'SIRET',
  identifier: '',
  kind: 'PRIVEE',
  companyName: '',
  label: '',
  email: '',
  phone: '',
  address: '',
  addressComplement1: '',
  addressComplement2: '',
  city: '',
  postalCode: '',
  countryCode: 'FR',
  nonDiffusible: false,
};

const resolver = schemaResolver(structureFormSchema, { sync: true });

function identifierError(values: Values): string | null {
  const checked = checkStructureIdentifier(values.identifierType, values.identifier);
  return checked.ok ? null : checked.message;
}

/**
 * While typing a SIRET, a message appears as soon as the number cannot become right (a letter, a
 * 14th digit with a wrong key); a number still too short is only reported when leaving the field.
 */
function liveIdentifierError(values: Values): string | null {
  const problem = identifierError(values);
  if (!problem || values.identifierType !== 'SIRET') return null;
  const compact = values.identifier.replace(/\s/g, '');
  return /\D/.test(compact) || compact.length >= 14 ? problem : null;
}

/** « Créer une structure »: identifier first; a known one leads to a membership request. */
export function CreateStructurePage() {
  const navigate = useNavigate();
  const client = useQueryClient();
  const detailsShown = useRef(false);
  const prefilledFor = useRef<string | null>(null);

  const form = useForm<Values>({
    mode: 'controlled',
    initialValues,
    validateInputOnBlur: ['identifier'],
    validate: (values) => {
      const errors: FormErrors = detailsShown.current ? resolver(values) : {};
      errors.identifier = identifierError(values);
      if (detailsShown.current && values.kind === 'PUBLIQUE') errors.kind = structureForm.publicRefused;
      return errors;
    },
    onValuesChange: (values, previous) => {
      if (values.identifier !== previous.identifier || values.identifierType !== previous.identifierType) {
        form.setFieldError('identifier', liveIdentifierError(values));
      }
      if (values.kind !== previous.kind)
        form.setFieldError('kind', values.kind === 'PUBLIQUE' ? structureForm.publicRefused : null);
    },
  });

  const [alert, setAlert] = useFormAlert(form);

  const { identifierType, identifier } = form.getValues();
  const checked = checkStructureIdentifier(identifierType, identifier);
  const [candidate] = useDebouncedValue(checked.ok ? `${identifierType}|${checked.value}` : '', 300);
  const lookup = useQuery({
    queryKey: ['organisation', 'lookup', candidate],
    queryFn: () => {
      const [type, value] = candidate.split('|') as [StructureIdentifierType, string];
      return structuresApi.lookup(type, value);
    },
    enabled: candidate !== '' && candidate === (checked.ok ? `${identifierType}|${checked.value}` : ''),
    staleTime: 0,
    gcTime: 0,
  });
  const result = candidate !== '' && checked.ok ? lookup.data : undefined;
  detailsShown.current = result?.status === 'new';

  // The registry's data fill the form once per new identifier; what the user changes afterwards stays.
  useEffect(() => {
    if (result?.status !== 'new' || prefilledFor.current === candidate) return;
    prefilledFor.current = candidate;
    const p = result.prefill;
    if (!p) return;
    form.setValues({
      companyName: p.companyName ?? '',
      label: p.label ?? '',
      address: p.address ?? '',
      addressComplement1: p.addressComplement1 ?? '',
      addressComplement2: p.addressComplement2 ?? '',
      postalCode: p.postalCode ?? '',
      city: p.city ?? '',
      countryCode: p.countryCode ?? 'FR',
      nonDiffusible: p.nonDiffusible,
    });
  }, [result, candidate]);

  useEffect(() => {
    if (lookup.error instanceof ApiError && lookup.error.fields.identifier)
      form.setFieldError('identifier', lookup.error.fields.identifier);
  }, [lookup.error]);

  const create = useMutation({
    mutationFn: structuresApi.create,
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: orgKeys.all });
      navigate(orgPaths.structures, { state: { created: true } });
    },
    onError: (error) => setAlert(applyServerError(form, error)),
  });

  const lookupFailed = lookup.error && !(lookup.error instanceof ApiError && lookup.error.fields.identifier);

  return (
    <Page
      title={orgApps.createStructure.title}
      trail={[
        { label: orgDomain.breadcrumb, to: orgPaths.domain },
        { label: orgApps.structuresBreadcrumb, to: orgPaths.structures },
      ]}
    >
      <Paper withBorder p="lg" maw={760}>
        <form
          noValidate
          onSubmit={onValidSubmit(form, setAlert, (values) => {
            if (result?.status === 'new') create.mutate(values);
          })}
        >
          <Stack gap="md">
            <Text>{structureForm.intro}</Text>
            <Text size="sm" c="dimmed">
              {structureForm.required}
            </Text>
            <FormAlert message={alert} />
            <Title order={2} size="h3">
              {structureForm.general}
            </Title>
            <NativeSelect
              label={structureForm.identifierType}
              required
              data={structureIdentifierTypes.map((type) => ({ value: type, label: identifierTypeLabels[type] }))}
              {...form.getInputProps('identifierType')}
            />
            <TextInput
              label={structureForm.identifier(identifierType)}
              description={structureForm.identifierTypeHint(identifierType)}
              required
              autoComplete="off"
              inputMode={identifierType === 'SIRET' ? 'numeric' : undefined}
              rightSection={lookup.isFetching ? <Loader size="xs" aria-label={structureForm.checking} /> : null}
              {...form.getInputProps('identifier')}
            />
            {lookupFailed && <FormAlert message={lookup.error.message} />}
            {result?.status === 'exists' && (
              <Alert color="orange" variant="light" role="status" title={structureForm.exists}>
                <Stack gap="sm">
                  <Text size="sm">{structureForm.existsText(result.structure.companyName)}</Text>
                  <Button
                    component={Link}
                    to={`${orgPaths.requestMembership}?${new URLSearchParams({
                      structure: String(result.structure.id),
                      q: result.structure.identifier,
                    })}`}
                    style={{ alignSelf: 'flex-start' }}
                  >
                    {structureForm.requestMembership}
                  </Button>
                </Stack>
              </Alert>
            )}
            {result?.status === 'new' && (
              <>
                <Alert color="blue" variant="light" role="status">
                  <Stack gap={4}>
                    <Text size="sm" fw={600}>
                      {structureForm.isNew}
                    </Text>
                    <Text size="sm">{structureForm.isNewManager}</Text>
                    {result.registryUnavailable && <Text size="sm">{structureForm.registryUnavailable}</Text>}
                    {!result.registryUnavailable && identifierType === 'SIRET' && !result.prefill && (
                      <Text size="sm">{structureForm.registryUnknown}</Text>
                    )}
                  </Stack>
                </Alert>
                <StructureFields form={form} withKind />
              </>
            )}
            <Group>
              <Button type="submit" loading={create.isPending} disabled={result?.status === 'exists'}>
                {common.submit}
              </Button>
            </Group>
          </Stack>
        </form>
      </Paper>
    </Page>
  );
}
