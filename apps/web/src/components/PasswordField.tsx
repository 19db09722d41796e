import { PasswordInput, type PasswordInputProps } from '@mantine/core';
import { useState } from 'react';
import { password } from '../labels.ts';

/**
 * Mantine's PasswordInput marks its inner input with data-invalid only: assistive technologies
 * need aria-invalid, as on the other inputs. The visibility toggle says in French what it does.
 */
export function PasswordField(props: PasswordInputProps) {
  const [visible, setVisible] = useState(false);
  return (
    <PasswordInput
      {...props}
      visible={visible}
      onVisibilityChange={setVisible}
      visibilityToggleButtonProps={{
        'aria-label': visible ? password.hide : password.show,
        'aria-pressed': visible,
        // Mantine leaves the toggle out of the tab order; keyboard users need it too.
        tabIndex: 0,
      }}
      aria-invalid={props.error ? true : undefined}
    />
  );
}
