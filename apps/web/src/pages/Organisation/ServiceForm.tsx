import { Button, Checkbox, Group, Stack, TextInput, Title } from '@mantine/core';
import { schemaResolver, useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { serviceFormSchema } from '@chorale/contracts';
import { orgKeys, structuresApi, type Service, type ServiceInput } from '../../api-client/organisation.ts';
import { FormAlert } from '../../components/FormAlert.tsx';
import { applyServerError, onValidSubmit, useFormAlert } from '../../components/form-errors.ts';
import { common } from '../../labels.ts';
import { services as labels } from '../../labels-organisation.ts';

/** « Créer un service » or, given a service, « Modifier » it. */
export function ServiceForm({
  structureId,
  service,
  onDone,
}: {
  structureId: number;
  service?: Service;
  onDone: (message: string) => void;
}) {
  const client = useQueryClient();
  const form = useForm<ServiceInput>({
    mode: 'controlled',
    initialValues: {
      code: service?.code ?? '',
      name: service?.name ?? '',
      commitmentRequired: service?.commitmentRequired ?? false,
    },
    validate: schemaResolver(serviceFormSchema, { sync: true }),
  });
  const [alert, setAlert] = useFormAlert(form);
  const save = useMutation({
    mutationFn: (values: ServiceInput) =>
      service ? structuresApi.updateService(service.id, values) : structuresApi.createService(structureId, values),
    onSuccess: async (saved) => {
      await client.invalidateQueries({ queryKey: orgKeys.services(structureId) });
      if (!service) form.reset();
      onDone(service ? labels.saved(saved.code) : labels.created(saved.code));
    },
    onError: (error) => setAlert(applyServerError(form, error)),
  });
  return (
    <form noValidate onSubmit={onValidSubmit(form, setAlert, (values) => save.mutate(values))}>
      <Stack gap="sm" maw={560}>
        <Title order={2} size="h3">
          {service ? labels.editTitle(service.code) : labels.createTitle}
        </Title>
        <FormAlert message={alert} />
        <TextInput label={labels.code} required autoComplete="off" {...form.getInputProps('code')} />
        <TextInput label={labels.name} required autoComplete="off" {...form.getInputProps('name')} />
        <Checkbox
          label={labels.commitmentRequired}
          {...form.getInputProps('commitmentRequired', { type: 'checkbox' })}
        />
        <Group>
          <Button type="submit" loading={save.isPending}>
            {service ? labels.save : labels.create}
          </Button>
          {service && (
            <Button variant="default" onClick={() => onDone('')}>
              {common.cancel}
            </Button>
          )}
        </Group>
      </Stack>
    </form>
  );
}
