import { Button, Group, Stack, Text, Textarea } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { allowedTicketActions, ticketActionRules, ticketActions, type TicketAction } from '@chorale/domain';
import { ApiError, errorMessage } from '../../api-client/client.ts';
import { ticketKeys, ticketsApi, type Ticket } from '../../api-client/tickets.ts';
import { FormAlert } from '../../components/FormAlert.tsx';
import { actions as labels } from '../../labels-support.ts';

const withoutMessage = ticketActions.filter((a) => !ticketActionRules[a].needsBody);
/** The action the status calls for is the main button. */
const main: TicketAction[] = ['answer', 'accept', 'resolve'];

export function allowedActions(t: Pick<Ticket, 'side' | 'status'>): TicketAction[] {
  return allowedTicketActions(t.side, t.status);
}

/** « Actions »: a message and the buttons allowed for this side and status. */
export function TicketActions({ ticket }: { ticket: Ticket }) {
  const client = useQueryClient();
  const input = useRef<HTMLTextAreaElement>(null);
  const [body, setBody] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [alert, setAlert] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const act = useMutation({
    mutationFn: (action: TicketAction) => ticketsApi.act(ticket.id, action, body.trim()),
    onSuccess: (saved, action) => {
      client.setQueryData(ticketKeys.one(saved.id), saved);
      void client.invalidateQueries({ queryKey: ['tickets', ticket.side] });
      setBody('');
      setNotice(labels.done[action]);
    },
    onError: (e) => {
      setAlert(errorMessage(e));
      if (e instanceof ApiError && e.fields.body) {
        setError(e.fields.body);
        input.current?.focus();
      }
    },
  });
  const buttons = allowedActions(ticket);
  const expected = ticket.side === 'emitter' ? labels.expected[ticket.status] : undefined;
  const run = (action: TicketAction) => {
    setNotice(null);
    setAlert(null);
    if (!withoutMessage.includes(action) && !body.trim()) {
      setError(labels.bodyRequired);
      input.current?.focus();
      return;
    }
    setError(null);
    act.mutate(action);
  };

  return (
    <Stack gap="sm">
      <FormAlert message={notice} color="green" />
      <FormAlert message={alert} />
      {buttons.length === 0 ? (
        <Text size="sm">{labels.none}</Text>
      ) : (
        <>
          {expected && <Text fw={600}>{expected}</Text>}
          <Textarea
            ref={input}
            label={labels.message}
            description={labels.messageHint}
            autosize
            minRows={3}
            value={body}
            error={error}
            onChange={(e) => {
              setBody(e.currentTarget.value);
              if (error) setError(null);
            }}
          />
          <Group gap="sm">
            {buttons.map((a) => (
              <Button
                key={a}
                variant={main.includes(a) ? 'filled' : a === 'close' ? 'outline' : 'default'}
                color={a === 'close' ? 'red' : undefined}
                loading={act.isPending && act.variables === a}
                disabled={act.isPending && act.variables !== a}
                onClick={() => run(a)}
              >
                {labels.buttons[a]}
              </Button>
            ))}
          </Group>
        </>
      )}
    </Stack>
  );
}
