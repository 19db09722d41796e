import { Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { useMutation } from '@tanstack/react-query';
import { useRef, useState, type Dispatch, type ReactNode, type SetStateAction } from 'react';
import { errorMessage } from '../../api-client/client.ts';
import { FormAlert } from '../../components/FormAlert.tsx';
import { onValidSubmit, useBannerClearedWhenFixed } from '../../components/form-errors.ts';

/** What a section's action left: a confirmation (green) or an error (red). */
export type Notice = { text: string; ok: boolean } | null;
type Kids = { children: ReactNode };

export function NoticeAlert({ notice }: { notice: Notice }) {
  return <FormAlert message={notice?.text ?? null} color={notice?.ok ? 'green' : 'red'} />;
}

/** A section of « Raccordements »: a <section> named by its title, the intro, then the rest. */
export function SectionFrame({ id, title, intro, children }: { id: string; title: string; intro: string } & Kids) {
  return (
    <Paper withBorder p="lg" component="section" aria-labelledby={id}>
      <Stack gap="md">
        <Title order={2} size="h3" id={id}>
          {title}
        </Title>
        <Text size="sm">{intro}</Text>
        {children}
      </Stack>
    </Paper>
  );
}

/**
 * The form that adds an item (a connection, an account, a webhook): its title, fields and button.
 * `notice` is the section's notice, which the form's errors use too: an error notice shown with
 * fields in error goes once they are corrected.
 */
interface AddFormProps<V> extends Kids {
  form: UseFormReturnType<V>;
  title: string;
  submit: string;
  pending: boolean;
  maw?: number;
  notice: Notice;
  setNotice: Dispatch<SetStateAction<Notice>>;
  onValid: (values: V) => void;
}

export function AddForm<V>({
  form,
  title,
  submit,
  pending,
  maw = 520,
  notice,
  setNotice,
  onValid,
  children,
}: AddFormProps<V>) {
  useBannerClearedWhenFixed(form, notice?.ok === false ? notice : null, setNotice);
  return (
    <form
      noValidate
      onSubmit={onValidSubmit(form, (text) => setNotice(text === null ? null : { text, ok: false }), onValid)}
    >
      <Stack maw={maw} gap="sm">
        <Title order={3} size="h4">
          {title}
        </Title>
        {children}
        <Group>
          <Button type="submit" loading={pending}>
            {submit}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

interface ConfirmedAction<T> {
  run: (item: T) => Promise<string | null>;
  setNotice: (notice: Notice) => void;
  refresh: () => Promise<unknown>;
}

interface Confirmation {
  title: string;
  text: string;
  confirm: string;
}

/**
 * An action asked from a row and confirmed in a dialog first (revoke, detach, remove). `run`
 * resolves to the notice to show, if any; the list is refreshed after it, and a failure is shown.
 * `dialog(describe)` gives ConfirmDialog its props (the last wording stays while it closes).
 */
export function useConfirmedAction<T>({ run, setNotice, refresh }: ConfirmedAction<T>) {
  const [pending, setPending] = useState<T | null>(null);
  const shown = useRef<Confirmation>({ title: '', text: '', confirm: '' });
  const act = useMutation({
    mutationFn: run,
    onSuccess: async (text) => {
      setPending(null);
      if (text) setNotice({ text, ok: true });
      await refresh();
    },
    onError: (error) => {
      setPending(null);
      setNotice({ text: errorMessage(error), ok: false });
    },
  });
  const dialog = (describe: (item: T) => Confirmation) => {
    if (pending !== null) shown.current = describe(pending);
    return {
      ...shown.current,
      opened: pending !== null,
      danger: true,
      pending: act.isPending,
      onConfirm: () => pending !== null && act.mutate(pending),
      onClose: () => setPending(null),
    };
  };
  return { ask: setPending, dialog };
}

/** A row's action button, named for the row's item (« Révoquer la connexion Compta »). */
export function RowButton({
  name,
  danger,
  onClick,
  children,
}: { name: string; danger?: boolean; onClick: () => void } & Kids) {
  return (
    <Button size="xs" variant="light" color={danger ? 'red' : undefined} aria-label={name} onClick={onClick}>
      {children}
    </Button>
  );
}
