import { Button, Group, Stack } from '@mantine/core';
import { useState } from 'react';
import type { InvoiceSummary } from '../../api-client/invoices.ts';
import { FormAlert } from '../../components/FormAlert.tsx';
import { summary as labels } from '../../labels-follow-up.ts';
import { useDraftDeletion } from './DraftDeletion.tsx';

/** The zip of the ticked invoices (their documents and attachments), as a download. */
export const zipUrl = (ids: number[]) => `/api/invoices/download.zip?ids=${ids.join(',')}`;

/**
 * « Supprimer ou télécharger plusieurs factures en même temps en les sélectionnant puis en
 * cliquant sur le bouton correspondant » (webinar, « L'onglet Rechercher »): one zip of the
 * ticked invoices; deletion of ticked drafts only.
 */
export function SelectionActions({ ticked, onDeleted }: { ticked: InvoiceSummary[]; onDeleted: () => Promise<void> }) {
  const [notice, setNotice] = useState<string | null>(null);
  const [alert, setAlert] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const deletion = useDraftDeletion({ notice: setNotice, alert: setAlert, busy: setBusy, done: onDeleted });
  const start = () => {
    setNotice(null);
    setAlert(null);
    if (ticked.length > 0) return true;
    setAlert(labels.nothingSelected);
    return false;
  };
  const download = () => {
    const a = document.createElement('a');
    a.href = zipUrl(ticked.map((i) => i.id));
    a.download = 'factures.zip';
    document.body.appendChild(a);
    a.click();
    a.remove();
  };
  return (
    <Stack gap="xs">
      <FormAlert message={notice} color="green" />
      <FormAlert message={alert} />
      <Group gap="sm" role="group" aria-label={labels.actions}>
        <Button variant="default" onClick={() => start() && download()}>
          {labels.download}
        </Button>
        <Button variant="default" color="red" loading={busy} onClick={() => start() && deletion.ask(ticked)}>
          {labels.remove}
        </Button>
      </Group>
      {deletion.dialog}
    </Stack>
  );
}
