import { Anchor, Button, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { schemaResolver, useForm } from '@mantine/form';
import { useMutation } from '@tanstack/react-query';
import { startAuthentication, type PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/browser';
import { useState } from 'react';
import { verifyFactorSchema, type Factor, type SessionState } from '@chorale/contracts';
import { ApiError, errorMessage } from '../../api-client/client.ts';
import { sessionApi } from '../../api-client/endpoints.ts';
import { FormAlert } from '../../components/FormAlert.tsx';
import { focusFirstError } from '../../components/form-errors.ts';
import { common, signIn } from '../../labels.ts';
import type { MfaState } from './SignInPage.tsx';
import { OtherFactors } from './OtherFactors.tsx';

interface Props {
  mfa: MfaState;
  onChange: (mfa: MfaState) => void;
  onSignedIn: (state: SessionState) => void;
  onLocked: (message: string) => void;
}

export function SecondFactorStep({ mfa, onChange, onSignedIn, onLocked }: Props) {
  const factor = mfa.selection.factor;
  const [alert, setAlert] = useState<string | null>(null);
  const form = useForm({
    mode: 'controlled',
    initialValues: { code: '', factorId: factor.id },
    validate: schemaResolver(verifyFactorSchema, { sync: true }),
  });

  const select = useMutation({
    mutationFn: (next: Factor) => sessionApi.selectFactor(next.id),
    onSuccess: (selection) => {
      setAlert(null);
      form.setValues({ code: '', factorId: selection.factor.id });
      form.clearErrors();
      onChange({ ...mfa, selection });
    },
    onError: (error) => handleError(error),
  });

  const verify = useMutation({
    mutationFn: async (code: string | null) => {
      if (code !== null) return sessionApi.verifyCode(factor.id, code);
      let response: unknown;
      try {
        response = await startAuthentication({
          optionsJSON: mfa.selection.webauthnOptions as PublicKeyCredentialRequestOptionsJSON,
        });
      } catch {
        throw new ApiError('CODE_INVALID', signIn.securityKeyCancelled, 0);
      }
      return sessionApi.verifyWebauthn(factor.id, response);
    },
    onSuccess: onSignedIn,
    onError: (error) => {
      handleError(error);
      // A WebAuthn challenge serves once: ask the server for a fresh one before the next try.
      if (factor.kind === 'webauthn' && !(error instanceof ApiError && error.code === 'CODE_LOCKED')) {
        sessionApi.selectFactor(factor.id).then(
          (selection) => onChange({ ...mfa, selection }),
          () => undefined,
        );
      }
    },
  });

  function handleError(error: unknown) {
    if (error instanceof ApiError && error.code === 'CODE_LOCKED') return onLocked(error.message);
    if (error instanceof ApiError && error.code === 'UNAUTHENTICATED') return onLocked(error.message);
    const onCode =
      error instanceof ApiError && ['CODE_INVALID', 'CODE_EXPIRED', 'VALIDATION_FAILED'].includes(error.code);
    if (onCode && factor.kind !== 'webauthn') {
      const message = error.fields.code ?? error.message;
      form.setFieldError('code', message);
      focusFirstError(form, { code: message });
      setAlert(null);
    } else {
      setAlert(errorMessage(error));
    }
  }

  const others = mfa.factors.filter((f) => f.id !== factor.id);

  return (
    <Stack>
      <Title order={2} size="h3">
        {signIn.codeTitle}
      </Title>
      {mfa.selection.maskedEmail && (
        <Text size="sm" role="status">
          {signIn.codeSentTo(mfa.selection.maskedEmail)}
        </Text>
      )}
      <Text size="sm">{signIn.codeHint[factor.kind]}</Text>
      <FormAlert message={alert} />
      {factor.kind === 'webauthn' ? (
        <Group>
          <Button onClick={() => verify.mutate(null)} loading={verify.isPending}>
            {signIn.useSecurityKey}
          </Button>
        </Group>
      ) : (
        <form
          noValidate
          onSubmit={form.onSubmit(
            (values) => {
              setAlert(null);
              verify.mutate(values.code.trim());
            },
            (errors) => focusFirstError(form, errors),
          )}
        >
          <Stack>
            <TextInput
              label={signIn.code}
              required
              autoFocus
              inputMode="numeric"
              autoComplete="one-time-code"
              maxLength={6}
              {...form.getInputProps('code')}
            />
            <Group justify="space-between">
              <Button type="submit" loading={verify.isPending}>
                {signIn.validate}
              </Button>
              {factor.kind === 'email' && (
                <Anchor component="button" type="button" size="sm" onClick={() => select.mutate(factor)}>
                  {signIn.resendCode}
                </Anchor>
              )}
            </Group>
          </Stack>
        </form>
      )}
      {others.length > 0 && (
        <OtherFactors factors={others} onSelect={(f) => select.mutate(f)} pending={select.isPending} />
      )}
      <Anchor
        component="button"
        type="button"
        size="sm"
        onClick={() => onLocked('')}
        style={{ alignSelf: 'flex-start' }}
      >
        {signIn.backToSignIn}
      </Anchor>
      <Text size="xs" c="dimmed">
        {common.required}
      </Text>
    </Stack>
  );
}
