import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { common } from '../../labels.ts';

interface Props {
  opened: boolean;
  title: string;
  text: string;
  confirm: string;
  danger?: boolean;
  pending: boolean;
  onConfirm: () => void;
  onClose: () => void;
}

/**
 * A confirmation dialog. Mantine's default modal header is a <header>, which assistive technologies
 * take for a second page banner: this one is a plain <div>.
 */
export function ConfirmDialog({ opened, title, text, confirm, danger = false, pending, onConfirm, onClose }: Props) {
  return (
    <Modal.Root opened={opened} onClose={onClose}>
      <Modal.Overlay />
      <Modal.Content>
        <Modal.Header component="div">
          <Modal.Title fw={700}>{title}</Modal.Title>
          <Modal.CloseButton aria-label={common.close} />
        </Modal.Header>
        <Modal.Body>
          <Stack>
            <Text>{text}</Text>
            <Group justify="flex-end">
              <Button variant="default" onClick={onClose}>
                {common.cancel}
              </Button>
              <Button color={danger ? 'red.9' : undefined} loading={pending} onClick={onConfirm}>
                {confirm}
              </Button>
            </Group>
          </Stack>
        </Modal.Body>
      </Modal.Content>
    </Modal.Root>
  );
}
