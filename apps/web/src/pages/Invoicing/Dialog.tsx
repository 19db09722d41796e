import { Modal } from '@mantine/core';
import type { ReactNode } from 'react';
import { common } from '../../labels.ts';

/** A dialog whose header is a plain <div> (Mantine's <header> reads as a second page banner). */
export function Dialog({
  title,
  onClose,
  children,
  closeOnClickOutside = true,
}: {
  title: string;
  onClose: () => void;
  children: ReactNode;
  /** false: only its buttons close it (a secret shown once is not lost by a stray click). */
  closeOnClickOutside?: boolean;
}) {
  return (
    <Modal.Root opened onClose={onClose} size="lg" closeOnClickOutside={closeOnClickOutside}>
      <Modal.Overlay />
      <Modal.Content>
        <Modal.Header component="div">
          <Modal.Title fw={700}>{title}</Modal.Title>
          <Modal.CloseButton aria-label={common.close} />
        </Modal.Header>
        <Modal.Body>{children}</Modal.Body>
      </Modal.Content>
    </Modal.Root>
  );
}
