import { Button, Checkbox, Group, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { schemaResolver, useForm } from '@mantine/form';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { updateProfileSchema, type Profile } from '@chorale/contracts';
import { meApi, type ProfileUpdate } from '../../api-client/endpoints.ts';
import { FormAlert } from '../../components/FormAlert.tsx';
import { applyServerError, focusFirstError, useBannerClearedWhenFixed } from '../../components/form-errors.ts';
import { account, common, signUp } from '../../labels.ts';
import { sessionKey } from '../../session.ts';
import { QueryState } from '../../components/QueryState.tsx';

function EditForm({ profile }: { profile: Profile }) {
  const client = useQueryClient();
  const [alert, setAlert] = useState<{ message: string; ok: boolean } | null>(null);
  const form = useForm<ProfileUpdate>({
    mode: 'controlled',
    initialValues: {
      firstName: profile.firstName,
      lastName: profile.lastName,
      phone: profile.phone,
      contactEmail: profile.contactEmail,
      surveyConsent: profile.surveyConsent,
    },
    validate: schemaResolver(updateProfileSchema, { sync: true }),
  });
  // An error shown with fields in error goes once they are corrected; the « enregistré » notice stays.
  useBannerClearedWhenFixed(form, alert?.ok === false ? alert : null, setAlert);
  const save = useMutation({
    mutationFn: meApi.update,
    onSuccess: async (updated) => {
      client.setQueryData(['me'], updated);
      await client.invalidateQueries({ queryKey: sessionKey });
      setAlert({ message: account.saved, ok: true });
    },
    onError: (error) => setAlert({ message: applyServerError(form, error), ok: false }),
  });
  return (
    <form
      noValidate
      onSubmit={form.onSubmit(
        (values) => {
          setAlert(null);
          save.mutate(values);
        },
        (errors) => {
          setAlert({ message: common.formHasErrors, ok: false });
          focusFirstError(form, errors);
        },
      )}
    >
      <Stack>
        <Text size="sm">{account.loginEmailIs(profile.loginEmail)}</Text>
        <FormAlert message={alert?.message ?? null} color={alert?.ok ? 'green' : 'red'} />
        <TextInput label={signUp.firstName} required autoComplete="given-name" {...form.getInputProps('firstName')} />
        <TextInput label={signUp.lastName} required autoComplete="family-name" {...form.getInputProps('lastName')} />
        <TextInput label={signUp.phone} type="tel" autoComplete="tel" {...form.getInputProps('phone')} />
        <TextInput
          label={signUp.contactEmail}
          description={signUp.contactEmailHint}
          required
          type="email"
          autoComplete="email"
          {...form.getInputProps('contactEmail')}
        />
        <Checkbox label={signUp.surveyConsent} {...form.getInputProps('surveyConsent', { type: 'checkbox' })} />
        <Group>
          <Button type="submit" loading={save.isPending}>
            {account.save}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function ProfileForm() {
  const me = useQuery({ queryKey: ['me'], queryFn: meApi.get });
  return (
    <Paper withBorder p="lg" maw={720}>
      <Title order={2} size="h3" mb="md">
        {account.profileTitle}
      </Title>
      <QueryState query={me} />
      {me.data && <EditForm profile={me.data} />}
    </Paper>
  );
}
