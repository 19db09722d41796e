import { PasswordInput, type PasswordInputProps } from '@mantine/core';
import { password } from '../labels.ts';

/**
 * Mantine's PasswordInput marks its inner input with data-invalid only: assistive technologies
 * need aria-invalid, as on the other inputs. The visibility toggle gets a French name.
 */
export function PasswordField(props: PasswordInputProps) {
  return (
    <PasswordInput
      visibilityToggleButtonProps={{ 'aria-label': password.show }}
      {...props}
      aria-invalid={props.error ? true : undefined}
    />
  );
}
