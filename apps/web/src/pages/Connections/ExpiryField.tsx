import { TextInput } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { accountsSection as labels } from '../../labels-connections.ts';

/** « Date d'expiration du mot de passe »: the native date field; empty means in one year. */
export function ExpiryField({ form }: { form: UseFormReturnType<{ expiresOn: string }> }) {
  return (
    <TextInput
      type="date"
      label={labels.expiresOn}
      description={labels.expiresOnHint}
      {...form.getInputProps('expiresOn')}
    />
  );
}
