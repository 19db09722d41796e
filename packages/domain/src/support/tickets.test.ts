import { test } from 'node:test';
import assert from 'node:assert/strict';
import { allowedTicketActions, canMoveTicket, ticketActionRules, ticketActions, ticketStatuses } from './tickets.ts';

test('issue 14 « Each value list once »: every ticket action moves along a transition of the table', () => {
  for (const action of ticketActions) {
    const rule = ticketActionRules[action];
    if (!rule.to) continue;
    for (const from of rule.from)
      assert.ok(
        rule.side !== 'both' && canMoveTicket(from, rule.to, rule.side),
        `${action} from ${from} to ${rule.to} by ${rule.side}`,
      );
  }
});

test('the buttons each side sees at each status', () => {
  const seen = Object.fromEntries(
    ticketStatuses.map((s) => [s, [allowedTicketActions('emitter', s), allowedTicketActions('receiver', s)]]),
  );
  assert.deepEqual(seen, {
    BROUILLON: [[], []],
    OUVERT: [
      ['comment', 'close'],
      ['comment', 'ask-information', 'resolve'],
    ],
    EN_ATTENTE_INFORMATIONS: [
      ['comment', 'answer', 'close'],
      ['comment', 'resolve'],
    ],
    RESOLU: [['comment', 'close', 'accept', 'reopen'], ['comment']],
    FERME: [[], []],
  });
});
