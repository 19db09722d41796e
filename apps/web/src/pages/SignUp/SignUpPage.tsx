import { Anchor, Button, Checkbox, Group, Modal, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { schemaResolver, useForm } from '@mantine/form';
import { useMutation } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { signUpSchema, type SignUpInput } from '@chorale/contracts';
import { accountsApi } from '../../api-client/endpoints.ts';
import { AltchaField, focusAltcha } from '../../components/AltchaField.tsx';
import { FormAlert } from '../../components/FormAlert.tsx';
import { applyServerError, focusFirstError, useFormAlert } from '../../components/form-errors.ts';
import { Page } from '../../components/Page.tsx';
import { TermsText } from '../../components/TermsText.tsx';
import { common, signUp, terms } from '../../labels.ts';

type Values = Required<SignUpInput>;

const initialValues: Values = {
  loginEmail: '',
  loginEmailConfirmation: '',
  firstName: '',
  lastName: '',
  phone: '',
  contactEmail: '',
  surveyConsent: false,
  acceptTerms: false,
  captcha: '',
};

const customFocus = { captcha: focusAltcha };

function confirmedAddress(values: Values): string {
  const a = values.loginEmail.trim();
  return a !== '' && a.toLowerCase() === values.loginEmailConfirmation.trim().toLowerCase() ? a : '';
}

export function SignUpPage() {
  const navigate = useNavigate();
  const [termsOpen, setTermsOpen] = useState(false);
  const [captchaReset, setCaptchaReset] = useState(0);
  // « E-mail du contact » follows the confirmed login address until the user writes in it.
  const contactEdited = useRef(false);

  const form = useForm<Values>({
    mode: 'controlled',
    initialValues,
    validate: schemaResolver(signUpSchema, { sync: true }),
    validateInputOnBlur: true,
    onValuesChange: (values) => {
      if (contactEdited.current) return;
      const confirmed = confirmedAddress(values);
      if (values.contactEmail !== confirmed) form.setFieldValue('contactEmail', confirmed);
    },
  });
  const [alert, setAlert] = useFormAlert(form);

  const submit = useMutation({
    mutationFn: accountsApi.signUp,
    onSuccess: (result) => navigate('/creer-un-compte/derniere-etape', { state: result }),
    onError: (error) => {
      // A captcha payload is single-use: the next attempt needs a new proof of work.
      form.setFieldValue('captcha', '');
      setCaptchaReset((n) => n + 1);
      setAlert(applyServerError(form, error, customFocus));
    },
  });

  const contactProps = form.getInputProps('contactEmail');

  return (
    <Page title={signUp.title}>
      <Paper withBorder p="lg" maw={720}>
        <form
          noValidate
          onSubmit={form.onSubmit(
            (values) => {
              setAlert(null);
              submit.mutate(values);
            },
            (errors) => {
              setAlert(common.formHasErrors);
              focusFirstError(form, errors, customFocus);
            },
          )}
        >
          <Stack gap="md">
            <Title order={2} size="h3">
              {signUp.sectionTitle}
            </Title>
            <Text size="sm" c="dimmed">
              {common.required}
            </Text>
            <FormAlert message={alert} />
            <TextInput
              label={signUp.loginEmail}
              required
              type="email"
              autoComplete="email"
              {...form.getInputProps('loginEmail')}
            />
            <TextInput
              label={signUp.loginEmailConfirmation}
              required
              type="email"
              autoComplete="off"
              description={signUp.loginEmailHint}
              {...form.getInputProps('loginEmailConfirmation')}
            />
            <TextInput
              label={signUp.firstName}
              required
              autoComplete="given-name"
              {...form.getInputProps('firstName')}
            />
            <TextInput
              label={signUp.lastName}
              required
              autoComplete="family-name"
              {...form.getInputProps('lastName')}
            />
            <TextInput label={signUp.phone} type="tel" autoComplete="tel" {...form.getInputProps('phone')} />
            <TextInput
              label={signUp.contactEmail}
              description={signUp.contactEmailHint}
              type="email"
              autoComplete="email"
              {...contactProps}
              onChange={(event) => {
                contactEdited.current = true;
                contactProps.onChange(event);
              }}
            />
            <Checkbox label={signUp.surveyConsent} {...form.getInputProps('surveyConsent', { type: 'checkbox' })} />
            <Stack gap={4}>
              <Checkbox
                label={signUp.acceptTerms}
                required
                {...form.getInputProps('acceptTerms', { type: 'checkbox' })}
              />
              <Anchor
                component="button"
                type="button"
                size="sm"
                ml={32}
                onClick={() => setTermsOpen(true)}
                style={{ alignSelf: 'flex-start' }}
              >
                {terms.link}
              </Anchor>
            </Stack>
            <AltchaField
              error={form.errors.captcha}
              resetKey={captchaReset}
              onChange={(payload) => {
                // Setting a value clears the field's error: keep the server's message after a reset.
                if (payload !== form.getValues().captcha) form.setFieldValue('captcha', payload);
                if (payload) form.clearFieldError('captcha');
              }}
            />
            <Group>
              <Button type="submit" loading={submit.isPending}>
                {common.submit}
              </Button>
            </Group>
          </Stack>
        </form>
      </Paper>
      <Modal
        opened={termsOpen}
        onClose={() => setTermsOpen(false)}
        title={terms.title}
        size="lg"
        closeButtonProps={{ 'aria-label': common.close }}
      >
        <TermsText />
        <Group justify="flex-end" mt="md">
          <Button onClick={() => setTermsOpen(false)}>{common.close}</Button>
        </Group>
      </Modal>
    </Page>
  );
}
