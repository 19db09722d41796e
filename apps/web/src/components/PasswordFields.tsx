import { Stack } from '@mantine/core';
import { PasswordField } from './PasswordField.tsx';
import type { UseFormReturnType } from '@mantine/form';
import { password as labels } from '../labels.ts';
import { PasswordChecklist } from './PasswordChecklist.tsx';

export interface PasswordPairValues {
  password: string;
  passwordConfirmation: string;
}

/** « Nouveau mot de passe » and its confirmation, with the live checklist of rules. */
export function PasswordFields<V extends PasswordPairValues>({ form }: { form: UseFormReturnType<V> }) {
  // The generic form type hides the two keys we rely on; both exist by the constraint on V.
  const f = form as unknown as UseFormReturnType<PasswordPairValues>;
  return (
    <Stack gap="sm">
      <PasswordField
        label={labels.newPassword}
        required
        autoComplete="new-password"
        visibilityToggleButtonProps={{ 'aria-label': labels.show }}
        {...f.getInputProps('password')}
      />
      <PasswordChecklist value={f.getValues().password} id="password-rules" />
      <PasswordField
        label={labels.confirmation}
        required
        autoComplete="new-password"
        visibilityToggleButtonProps={{ 'aria-label': labels.show }}
        {...f.getInputProps('passwordConfirmation')}
      />
    </Stack>
  );
}
