import { Anchor, Button, Group, Input, NativeSelect, Paper, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useId, useRef, useState, type FormEvent } from 'react';
import { attachmentKinds, attachmentLimits, attachmentNameProblem } from '@chorale/domain';
import { ApiError, errorMessage } from '../../api-client/client.ts';
import { invoicesApi, invoiceUrls, type AttachmentKind, type Invoice } from '../../api-client/invoices.ts';
import { FormAlert } from '../../components/FormAlert.tsx';
import { hasFieldErrors, useFormAlert } from '../../components/form-errors.ts';
import { common } from '../../labels.ts';
import { attachmentKindLabels, attachments as labels } from '../../labels-invoicing.ts';
import { ListTable } from '../../components/ListTable.tsx';

const maxMb = attachmentLimits.fileMaxBytes / 1024 / 1024;

/** « Pièces jointes »: the files of the invoice, each downloadable; removable while a draft. */
export function AttachmentsTable({ invoice, onChange }: { invoice: Invoice; onChange?: (invoice: Invoice) => void }) {
  const [alert, setAlert] = useState<string | null>(null);
  const remove = useMutation({
    mutationFn: (attachmentId: number) => invoicesApi.deleteAttachment(invoice.id, attachmentId),
    onSuccess: (saved) => onChange?.(saved),
    onError: (e) => setAlert(errorMessage(e)),
  });
  const removable = onChange && invoice.status === 'BROUILLON';
  if (invoice.attachments.length === 0) return <Text size="sm">{labels.none}</Text>;
  const c = labels.columns;
  return (
    <Stack gap="xs">
      <FormAlert message={alert} />
      <ListTable
        minWidth={640}
        caption={labels.caption}
        columns={[c.kind, c.designation, c.fileName, c.size, c.actions]}
      >
        {invoice.attachments.map((a) => (
          <Table.Tr key={a.id}>
            <Table.Td>{attachmentKindLabels[a.kind]}</Table.Td>
            <Table.Td>{a.designation}</Table.Td>
            <Table.Td>{a.fileName}</Table.Td>
            <Table.Td>{labels.size(a.size)}</Table.Td>
            <Table.Td>
              <Group gap="xs" wrap="nowrap">
                <Anchor
                  href={invoiceUrls.attachment(invoice.id, a.id)}
                  download
                  aria-label={labels.downloadLabel(a.fileName)}
                >
                  {labels.download}
                </Anchor>
                {removable && (
                  <Button
                    size="compact-sm"
                    variant="subtle"
                    color="red"
                    aria-label={labels.removeLabel(a.fileName)}
                    loading={remove.isPending && remove.variables === a.id}
                    onClick={() => remove.mutate(a.id)}
                  >
                    {labels.remove}
                  </Button>
                )}
              </Group>
            </Table.Td>
          </Table.Tr>
        ))}
      </ListTable>
    </Stack>
  );
}

/** « Ajouter une pièce jointe »: file, designation, type (all required), checked before sending. */
export function AttachmentForm({ invoice, onAdded }: { invoice: Invoice; onAdded: (invoice: Invoice) => void }) {
  const fileId = useId();
  const input = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [designation, setDesignation] = useState('');
  const [kind, setKind] = useState<AttachmentKind>(invoice.attachments.length === 0 ? 'PRINCIPALE' : 'COMPLEMENTAIRE');
  const [errors, setErrors] = useState<Record<string, string>>({});
  // The alert goes once the fields it was shown with are corrected (a new file, a designation).
  const [alert, setAlert] = useFormAlert(hasFieldErrors(errors));
  const [notice, setNotice] = useState<string | null>(null);
  const add = useMutation({
    mutationFn: () =>
      invoicesApi.addAttachment(invoice.id, { designation: designation.trim(), kind, file: file as File }),
    onSuccess: (saved) => {
      setNotice(labels.added(file?.name ?? ''));
      setFile(null);
      setDesignation('');
      setKind('COMPLEMENTAIRE');
      if (input.current) input.current.value = '';
      onAdded(saved);
    },
    onError: (e) => {
      setAlert(errorMessage(e));
      if (e instanceof ApiError) setErrors(e.fields);
    },
  });
  const fileProblem = (f: File | null) =>
    !f
      ? labels.fileRequired
      : (attachmentNameProblem(f.name) ?? (f.size > attachmentLimits.fileMaxBytes ? labels.fileTooBig(maxMb) : null));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setNotice(null);
    const found: Record<string, string> = {};
    const problem = fileProblem(file);
    if (problem) found.file = problem;
    if (!designation.trim()) found.designation = labels.designationRequired;
    setErrors(found);
    if (Object.keys(found).length) {
      setAlert(common.formHasErrors);
      requestAnimationFrame(() =>
        found.file ? input.current?.focus() : document.getElementById(`${fileId}-designation`)?.focus(),
      );
      return;
    }
    setAlert(null);
    add.mutate();
  };

  return (
    <Paper withBorder p="md">
      <form noValidate onSubmit={submit}>
        <Stack gap="sm" maw={560}>
          <Title order={3} size="h4">
            {labels.addTitle}
          </Title>
          <Text size="sm" c="dimmed">
            {labels.allRequired}
          </Text>
          <FormAlert message={alert} />
          <FormAlert message={notice} color="green" />
          <Input.Wrapper
            label={labels.file}
            required
            id={fileId}
            description={labels.fileHint(maxMb)}
            error={errors.file}
            errorProps={{ id: `${fileId}-error` }}
            descriptionProps={{ id: `${fileId}-description` }}
          >
            <input
              ref={input}
              id={fileId}
              type="file"
              aria-invalid={errors.file ? true : undefined}
              aria-describedby={`${fileId}-description${errors.file ? ` ${fileId}-error` : ''}`}
              accept={attachmentLimits.extensions.map((e) => `.${e.toLowerCase()}`).join(',')}
              onChange={(e) => {
                const chosen = e.currentTarget.files?.[0] ?? null;
                setFile(chosen);
                setErrors((prev) => ({ ...prev, file: chosen ? (fileProblem(chosen) ?? '') : '' }));
              }}
              style={{ display: 'block', marginTop: 4, maxWidth: '100%' }}
            />
          </Input.Wrapper>
          <TextInput
            id={`${fileId}-designation`}
            label={labels.designation}
            required
            value={designation}
            onChange={(e) => {
              setDesignation(e.currentTarget.value);
              // Typing in the field clears its message, as in the portal's other forms.
              setErrors((prev) => ({ ...prev, designation: '' }));
            }}
            error={errors.designation}
          />
          <NativeSelect
            label={labels.kind}
            required
            value={kind}
            onChange={(e) => {
              setKind(e.currentTarget.value as AttachmentKind);
              setErrors((prev) => ({ ...prev, kind: '' }));
            }}
            data={attachmentKinds.map((k) => ({ value: k, label: attachmentKindLabels[k] }))}
            error={errors.kind}
          />
          <Group>
            <Button type="submit" variant="light" loading={add.isPending}>
              {labels.add}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
