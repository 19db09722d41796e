import { Button, Checkbox, Fieldset, Group, NativeSelect, Stack } from '@mantine/core';
import { schemaResolver, useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { structureUpdateSchema } from '@chorale/contracts';
import { orgKeys, structuresApi, type Structure, type StructureUpdate } from '../../api-client/organisation.ts';
import { FormAlert } from '../../components/FormAlert.tsx';
import { applyServerError, onValidSubmit, useFormAlert } from '../../components/form-errors.ts';
import { manageStructure, structureForm } from '../../labels-organisation.ts';
import { legendStyles, StructureFields } from './StructureFields.tsx';

const flags = [
  'serviceCodeRequired',
  'commitmentRequired',
  'serviceOrCommitmentRequired',
  'paymentStatusManaged',
  'publicHospital',
] as const;

/** « Modifier » a structure; the directory settings only for a public one. */
export function EditStructureForm({
  structure: s,
  onDone,
  onCancel,
}: {
  structure: Structure;
  onDone: (message: string) => void;
  onCancel: () => void;
}) {
  const client = useQueryClient();
  const isPublic = s.kind === 'PUBLIQUE';
  const form = useForm<StructureUpdate>({
    mode: 'controlled',
    initialValues: {
      companyName: s.companyName,
      label: s.label,
      email: s.email,
      phone: s.phone,
      address: s.address,
      addressComplement1: s.addressComplement1,
      addressComplement2: s.addressComplement2,
      city: s.city,
      postalCode: s.postalCode,
      countryCode: s.countryCode,
      nonDiffusible: s.nonDiffusible,
      ...(isPublic
        ? {
            ...Object.fromEntries(flags.map((f) => [f, s[f]])),
            paymentPeriodDays: s.paymentPeriodDays as 30 | 50 | 60 | null,
          }
        : {}),
    },
    validate: schemaResolver(structureUpdateSchema, { sync: true }),
  });
  const [alert, setAlert] = useFormAlert(form);
  const save = useMutation({
    mutationFn: (values: StructureUpdate) => structuresApi.update(s.id, values),
    onSuccess: async (updated) => {
      client.setQueryData(orgKeys.structure(s.id), updated);
      await client.invalidateQueries({ queryKey: orgKeys.mine });
      onDone(manageStructure.saved);
    },
    onError: (error) => setAlert(applyServerError(form, error)),
  });
  return (
    <form noValidate onSubmit={onValidSubmit(form, setAlert, (values) => save.mutate(values))}>
      <Stack gap="md">
        <FormAlert message={alert} />
        <StructureFields form={form} />
        {isPublic && (
          <Fieldset legend={structureForm.directory} variant="unstyled" styles={legendStyles}>
            <Stack gap="xs">
              {flags.map((flag) => (
                <Checkbox key={flag} label={structureForm[flag]} {...form.getInputProps(flag, { type: 'checkbox' })} />
              ))}
              <NativeSelect
                label={structureForm.paymentPeriod}
                description={structureForm.paymentPeriodHint}
                value={form.values.paymentPeriodDays ? String(form.values.paymentPeriodDays) : ''}
                onChange={(e) => {
                  const v = e.currentTarget.value;
                  form.setFieldValue('paymentPeriodDays', v ? (Number(v) as 30 | 50 | 60) : null);
                }}
                error={form.errors.paymentPeriodDays}
                data={[
                  { value: '', label: structureForm.paymentPeriodByCategory },
                  ...[30, 50, 60].map((d) => ({ value: String(d), label: structureForm.paymentPeriodDays(d) })),
                ]}
              />
            </Stack>
          </Fieldset>
        )}
        <Group>
          <Button type="submit" loading={save.isPending}>
            {manageStructure.save}
          </Button>
          <Button variant="default" onClick={onCancel}>
            {manageStructure.cancelEdit}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
