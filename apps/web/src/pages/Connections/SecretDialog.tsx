import { Alert, Button, CopyButton, Group, Stack, Text, TextInput } from '@mantine/core';
import { secretDialog as labels } from '../../labels-connections.ts';
import { Dialog } from '../Invoicing/Dialog.tsx';

interface Props {
  /** The secret or password just generated; null: the dialog is closed. */
  shown: { title: string; identifierLabel: string; identifier: string; secretLabel: string; secret: string } | null;
  onClose: () => void;
}

/**
 * A secret (client secret, technical password) shown once: kept in memory only while the dialog
 * is open, with a copy button and the warning that it will never be shown again.
 */
export function SecretDialog({ shown, onClose }: Props) {
  if (!shown) return null;
  return (
    <Dialog title={shown.title} onClose={onClose} closeOnClickOutside={false}>
      <Stack gap="md">
        {/* The text is plain and bold: Mantine's orange alert title is too pale for WCAG AA. */}
        <Alert color="orange" variant="light" role="alert">
          <Text size="sm" fw={700}>
            {labels.warning}
          </Text>
        </Alert>
        <TextInput label={shown.identifierLabel} value={shown.identifier} readOnly ff="monospace" />
        <TextInput
          label={shown.secretLabel}
          value={shown.secret}
          readOnly
          ff="monospace"
          onFocus={(event) => event.currentTarget.select()}
        />
        <Group justify="flex-end">
          <CopyButton value={shown.secret}>
            {({ copied, copy }) => (
              <Button variant="light" onClick={copy} aria-label={`${labels.copy} : ${shown.secretLabel}`}>
                {copied ? labels.copied : labels.copy}
              </Button>
            )}
          </CopyButton>
          <Button onClick={onClose}>{labels.done}</Button>
        </Group>
      </Stack>
    </Dialog>
  );
}
