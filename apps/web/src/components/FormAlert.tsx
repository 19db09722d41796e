import { Alert } from '@mantine/core';

interface Props {
  message: string | null;
  color?: 'red' | 'green' | 'blue' | 'orange';
  title?: string;
}

/** A message announced to screen readers as soon as it appears. */
export function FormAlert({ message, color = 'red', title }: Props) {
  if (!message) return null;
  return (
    <Alert
      color={color}
      title={title}
      role={color === 'red' || color === 'orange' ? 'alert' : 'status'}
      variant="light"
    >
      {message}
    </Alert>
  );
}
