import { Anchor, Button, Group, Input, Stack, Table, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useRef, useState, type FormEvent } from 'react';
import { ApiError, errorMessage } from '../../api-client/client.ts';
import { ticketKeys, ticketsApi, ticketUrls, type Ticket } from '../../api-client/tickets.ts';
import { FormAlert } from '../../components/FormAlert.tsx';
import { formatDateTime } from '../../components/format.ts';
import { ticket as t } from '../../labels-support.ts';
import { acceptedExtensions, fileProblem } from './FilesPicker.tsx';
import { ListTable } from '../../components/ListTable.tsx';

const labels = t.attachments;

/** « Pièces jointes »: both sides' files, each downloadable; one more may be added until closed. */
export function TicketAttachments({ ticket }: { ticket: Ticket }) {
  const client = useQueryClient();
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [alert, setAlert] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const add = useMutation({
    mutationFn: (chosen: File) => ticketsApi.addAttachment(ticket.id, chosen),
    onSuccess: (saved, chosen) => {
      client.setQueryData(ticketKeys.one(saved.id), saved);
      setNotice(labels.added(chosen.name));
      setFile(null);
      if (input.current) input.current.value = '';
    },
    onError: (e) => {
      setAlert(errorMessage(e));
      if (e instanceof ApiError && e.fields.file) setError(e.fields.file);
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setNotice(null);
    setAlert(null);
    const problem = file ? fileProblem(file) : labels.fileRequired;
    setError(problem);
    if (problem || !file) {
      input.current?.focus();
      return;
    }
    add.mutate(file);
  };
  return (
    <Stack gap="sm">
      {ticket.attachments.length === 0 ? (
        <Text size="sm">{labels.none}</Text>
      ) : (
        <ListTable
          minWidth={560}
          caption={labels.caption}
          columns={[labels.fileName, labels.size, labels.side, labels.addedAt, labels.download]}
        >
          {ticket.attachments.map((a) => (
            <Table.Tr key={a.id}>
              <Table.Td>{a.fileName}</Table.Td>
              <Table.Td>{labels.sizeText(a.size)}</Table.Td>
              <Table.Td>{a.side === 'emitter' ? t.activities.sideEmitter : t.activities.sideReceiver}</Table.Td>
              <Table.Td>{formatDateTime(a.addedAt)}</Table.Td>
              <Table.Td>
                <Anchor
                  href={ticketUrls.attachment(ticket.id, a.id)}
                  download
                  aria-label={labels.downloadLabel(a.fileName)}
                >
                  {labels.download}
                </Anchor>
              </Table.Td>
            </Table.Tr>
          ))}
        </ListTable>
      )}
      {ticket.status !== 'FERME' && (
        <form noValidate onSubmit={submit}>
          <Stack gap="xs" maw={560}>
            <FormAlert message={notice} color="green" />
            <FormAlert message={alert} />
            <Input.Wrapper label={labels.file} id={id} error={error} errorProps={{ id: `${id}-error` }}>
              <input
                ref={input}
                id={id}
                type="file"
                accept={acceptedExtensions}
                aria-invalid={error ? true : undefined}
                aria-describedby={error ? `${id}-error` : undefined}
                style={{ display: 'block', marginTop: 4, maxWidth: '100%' }}
                onChange={(e) => {
                  const chosen = e.currentTarget.files?.[0] ?? null;
                  setFile(chosen);
                  setError(chosen ? fileProblem(chosen) : null);
                }}
              />
            </Input.Wrapper>
            <Group>
              <Button type="submit" variant="light" loading={add.isPending}>
                {labels.add}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Stack>
  );
}
