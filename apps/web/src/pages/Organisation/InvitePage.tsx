import { Button, Group, NativeSelect, Paper, Stack, Text, TextInput } from '@mantine/core';
import { schemaResolver, useForm } from '@mantine/form';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { inviteMemberSchema } from '@chorale/contracts';
import { orgKeys, structuresApi } from '../../api-client/organisation.ts';
import { FormAlert } from '../../components/FormAlert.tsx';
import { applyServerError, focusFirstError, useBannerClearedWhenFixed } from '../../components/form-errors.ts';
import { Page } from '../../components/Page.tsx';
import { common } from '../../labels.ts';
import { invite as labels, orgApps } from '../../labels-organisation.ts';
import { StructureChoice, type ChosenStructure } from './StructureChoice.tsx';
import { usersTrail } from './usersTrail.ts';

interface Values {
  email: string;
  serviceId: string;
}

const resolver = schemaResolver(inviteMemberSchema, { sync: true });

function InviteForm({ chosen }: { chosen: ChosenStructure }) {
  const client = useQueryClient();
  const services = useQuery({
    queryKey: orgKeys.services(chosen.id),
    queryFn: () => structuresApi.services(chosen.id),
  });
  const [alert, setAlert] = useState<{ message: string; ok: boolean } | null>(null);
  const form = useForm<Values>({
    mode: 'controlled',
    initialValues: { email: '', serviceId: '' },
    validate: (v) => resolver({ email: v.email, serviceId: v.serviceId ? Number(v.serviceId) : null }),
  });
  // An error shown with fields in error goes once they are corrected; the « envoyée » notice stays.
  useBannerClearedWhenFixed(form, alert?.ok === false ? alert : null, setAlert);
  const send = useMutation({
    mutationFn: (v: Values) =>
      structuresApi.invite(chosen.id, v.email.trim(), v.serviceId ? Number(v.serviceId) : null),
    onSuccess: async (_, v) => {
      setAlert({ message: labels.sent(v.email.trim()), ok: true });
      form.reset();
      await client.invalidateQueries({ queryKey: orgKeys.all });
    },
    onError: (error) => setAlert({ message: applyServerError(form, error), ok: false }),
  });
  const active = services.data?.items.filter((s) => s.active) ?? [];
  return (
    <Paper withBorder p="lg" maw={640}>
      <form
        noValidate
        onSubmit={form.onSubmit(
          (v) => {
            setAlert(null);
            send.mutate(v);
          },
          (errors) => {
            setAlert({ message: common.formHasErrors, ok: false });
            focusFirstError(form, errors);
          },
        )}
      >
        <Stack gap="md">
          <Text size="sm">{labels.intro}</Text>
          <FormAlert message={alert?.message ?? null} color={alert?.ok ? 'green' : 'red'} />
          <TextInput label={labels.email} required type="email" autoComplete="off" {...form.getInputProps('email')} />
          <NativeSelect
            label={labels.service}
            data={[
              { value: '', label: labels.wholeStructure },
              ...active.map((s) => ({ value: String(s.id), label: `${s.code} – ${s.name}` })),
            ]}
            {...form.getInputProps('serviceId')}
          />
          <Group>
            <Button type="submit" loading={send.isPending}>
              {labels.submit}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

/** « Rattacher un utilisateur » to a structure the user manages. */
export function InvitePage() {
  return (
    <Page title={orgApps.inviteMember.title} trail={usersTrail}>
      <StructureChoice managedOnly>{(chosen) => <InviteForm key={chosen.id} chosen={chosen} />}</StructureChoice>
    </Page>
  );
}
