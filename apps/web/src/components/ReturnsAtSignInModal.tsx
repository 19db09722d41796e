import { Anchor, Button, Group, List, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useCallback, useEffect, useState } from 'react';
import { Link } from 'react-router';
import { followUpApi, followUpKeys } from '../api-client/follow-up.ts';
import { atSignIn as labels } from '../labels-follow-up.ts';
import { invoiceStatusLabels } from '../labels-invoicing.ts';
import { Dialog } from '../pages/Invoicing/Dialog.tsx';
import { invoicingPaths } from '../pages/Invoicing/paths.ts';
import { useSignedInUser } from '../session.ts';

/** Set by the sign-in page: the next page shows the returned invoices once (as Chorus Pro does). */
const FLAG = 'chorale.returns-at-sign-in';

export function markSignedIn(): void {
  try {
    sessionStorage.setItem(FLAG, '1');
  } catch {
    // Storage refused (private mode): the dialog is simply not shown.
  }
}

function flagged(): boolean {
  try {
    return sessionStorage.getItem(FLAG) === '1';
  } catch {
    return false;
  }
}

/**
 * At sign-in, the rejected invoices whose rejection is not handled yet and the suspended ones,
 * each with a link to its page (DOMAIN.md §6.3: they « pop up at login »).
 */
export function ReturnsAtSignInModal() {
  const user = useSignedInUser();
  const [, setClosed] = useState(0);
  // Read on each render: the sign-in page sets it just before the session changes.
  const open = Boolean(user) && flagged();
  const pending = useQuery({
    queryKey: followUpKeys.pendingReturns,
    queryFn: followUpApi.pendingReturns,
    enabled: open,
  });
  const close = useCallback(() => {
    try {
      sessionStorage.removeItem(FLAG);
    } catch {
      // nothing to forget
    }
    setClosed((n) => n + 1);
  }, []);
  const items = pending.data?.items ?? [];
  const nothing = open && (pending.isError || (pending.isSuccess && items.length === 0));
  useEffect(() => {
    if (nothing) close();
  }, [nothing, close]);
  if (!open || !pending.isSuccess || items.length === 0) return null;
  return (
    <Dialog title={labels.title} onClose={close}>
      <Stack>
        <Text>{labels.intro}</Text>
        <List spacing="sm">
          {items.map((i) => (
            <List.Item key={i.id}>
              <Anchor component={Link} to={invoicingPaths.issuedInvoice(i.id)} onClick={close}>
                {labels.line(i.number, invoiceStatusLabels[i.status], i.recipientName)}
              </Anchor>
              {i.reason && (
                <Text size="sm" c="dimmed">
                  {labels.reason(i.reason)}
                </Text>
              )}
            </List.Item>
          ))}
        </List>
        <Group justify="flex-end">
          <Button component={Link} to={invoicingPaths.issued} variant="default" onClick={close}>
            {labels.toSummary}
          </Button>
          <Button onClick={close}>{labels.later}</Button>
        </Group>
      </Stack>
    </Dialog>
  );
}
