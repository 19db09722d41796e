import { Button, Group, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import type { InvoiceStatus } from '@chorale/domain';
import { errorMessage } from '../../api-client/client.ts';
import { invoicesApi } from '../../api-client/invoices.ts';
import { common } from '../../labels.ts';
import { summary as labels } from '../../labels-follow-up.ts';
import { Dialog } from './Dialog.tsx';

interface Reporting {
  notice: (message: string) => void;
  alert: (message: string) => void;
  busy: (busy: boolean) => void;
  /** After the deletions (the lists are read again). */
  done: () => Promise<void>;
}

/**
 * « Supprimer » the ticked invoices of a list (Synthèse, Rechercher): drafts only — anything else
 * gets the webinar's warning — after a confirmation; each draft through the one draft deletion.
 */
export function useDraftDeletion(on: Reporting) {
  const [pending, setPending] = useState<{ id: number }[] | null>(null);
  const ask = (items: { id: number; status: InvoiceStatus }[]) => {
    if (items.some((i) => i.status !== 'BROUILLON')) return on.alert(labels.deleteWarning);
    setPending(items);
  };
  const confirm = async (drafts: { id: number }[]) => {
    setPending(null);
    on.busy(true);
    try {
      for (const item of drafts) await invoicesApi.remove(item.id);
      on.notice(labels.deleted(drafts.length));
    } catch (e) {
      on.alert(errorMessage(e));
    } finally {
      on.busy(false);
      await on.done();
    }
  };
  const dialog = pending && (
    <Dialog title={labels.deleteTitle} onClose={() => setPending(null)}>
      <Stack>
        <Text>{labels.deleteConfirm(pending.length)}</Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={() => setPending(null)}>
            {common.cancel}
          </Button>
          <Button color="red" onClick={() => void confirm(pending)}>
            {labels.confirmDelete}
          </Button>
        </Group>
      </Stack>
    </Dialog>
  );
  return { ask, dialog };
}
