import { Button, Group, Stack, Text } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { connectionsApi, type CreatedTechnicalAccount, type TechnicalAccount } from '../../api-client/connections.ts';
import { FormAlert } from '../../components/FormAlert.tsx';
import { applyServerError } from '../../components/form-errors.ts';
import { common } from '../../labels.ts';
import { Dialog } from '../Invoicing/Dialog.tsx';
import { accountsSection as labels } from '../../labels-connections.ts';
import { ExpiryField } from './ExpiryField.tsx';

interface Props {
  account: TechnicalAccount | null;
  onClose: () => void;
  onRenewed: (renewed: CreatedTechnicalAccount) => void;
}

/** « Nouveau mot de passe »: the new expiry date is asked before the password is generated. */
export function RenewPasswordDialog({ account, onClose, onRenewed }: Props) {
  const [alert, setAlert] = useState<string | null>(null);
  const form = useForm({ mode: 'controlled', initialValues: { expiresOn: '' } });
  const renew = useMutation({
    mutationFn: (expiresOn: string) => connectionsApi.renewPassword(account!.id, expiresOn || null),
    onSuccess: (renewed) => {
      form.reset();
      setAlert(null);
      onRenewed(renewed);
    },
    onError: (error) => setAlert(applyServerError(form, error)),
  });
  const close = () => {
    form.reset();
    setAlert(null);
    onClose();
  };
  return (
    account !== null && (
      <Dialog title={labels.renewTitle} onClose={close}>
        <form noValidate onSubmit={form.onSubmit((values) => renew.mutate(values.expiresOn))}>
          <Stack>
            <Text size="sm" ff="monospace" style={{ overflowWrap: 'anywhere' }}>
              {account?.login}
            </Text>
            <Text size="sm">{labels.renewText}</Text>
            <FormAlert message={alert} />
            <ExpiryField form={form} />
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                {common.cancel}
              </Button>
              <Button type="submit" color="red.9" loading={renew.isPending}>
                {labels.renewSubmit}
              </Button>
            </Group>
          </Stack>
        </form>
      </Dialog>
    )
  );
}
