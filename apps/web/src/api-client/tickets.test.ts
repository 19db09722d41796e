import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ApiError } from './client.ts';
import { ticketsApi, ticketUrls, type TicketFilter } from './tickets.ts';
import { setCookies, stubFetch } from './fetch-stub.ts';

const filter: TicketFilter = { tab: 'actions', q: '', sort: 'title', direction: 'asc', page: 2, pageSize: 10 };

describe('tickets API client', () => {
  test('lists put tab, keyword, sorting and page in the query string; an empty keyword is left out', async () => {
    setCookies('');
    const calls = stubFetch(() => Response.json({ items: [], total: 0, page: 1, pageSize: 10 }));
    await ticketsApi.issued(filter);
    await ticketsApi.received({ ...filter, tab: 'closed', q: 'RIB & IBAN' });
    assert.equal(calls[0]?.url, '/api/tickets?tab=actions&sort=title&direction=asc&page=2&pageSize=10');
    assert.equal(
      calls[1]?.url,
      '/api/tickets/received?tab=closed&q=RIB+%26+IBAN&sort=title&direction=asc&page=2&pageSize=10',
    );
  });

  test('« Exporter le tableau » carries the tab and keyword of the list', () => {
    assert.equal(ticketUrls.exportCsv({ tab: 'open', q: '' }), '/api/tickets/export.csv?tab=open');
    assert.equal(
      ticketUrls.exportCsv({ tab: 'closed', q: 'paiement' }),
      '/api/tickets/export.csv?tab=closed&q=paiement',
    );
  });

  test('actions are CSRF-protected writes; a missing message comes back with its field', async () => {
    setCookies('chorale_csrf=tok');
    const calls = stubFetch(() =>
      Response.json(
        { error: { code: 'VALIDATION_FAILED', message: 'Écrivez votre message.', fields: { body: 'Obligatoire.' } } },
        { status: 400 },
      ),
    );
    const error = await ticketsApi.act(3, 'ask-information', '').catch((e: unknown) => e);
    assert.equal(calls[0]?.url, '/api/tickets/3/actions');
    assert.equal(calls[0]?.init.method, 'POST');
    assert.equal((calls[0]?.init.headers as Record<string, string>)['x-csrf-token'], 'tok');
    assert.equal(calls[0]?.init.body, JSON.stringify({ action: 'ask-information', body: '' }));
    assert.ok(error instanceof ApiError);
    assert.equal(error.fields.body, 'Obligatoire.');
  });

  test('an attachment goes as multipart with the CSRF header; a refused file keeps its field message', async () => {
    setCookies('chorale_csrf=tok');
    const calls = stubFetch(() =>
      Response.json(
        {
          error: {
            code: 'VALIDATION_FAILED',
            message: 'Ce fichier est vide.',
            fields: { file: 'Ce fichier est vide.' },
          },
        },
        { status: 400 },
      ),
    );
    const file = new File(['%PDF-1.4'], 'facture.pdf', { type: 'application/pdf' });
    const error = await ticketsApi.addAttachment(8, file).catch((e: unknown) => e);
    assert.equal(calls[0]?.url, '/api/tickets/8/attachments');
    assert.equal((calls[0]?.init.headers as Record<string, string>)['x-csrf-token'], 'tok');
    assert.ok(calls[0]?.init.body instanceof FormData);
    assert.equal(((calls[0]?.init.body as FormData).get('file') as File).name, 'facture.pdf');
    assert.ok(error instanceof ApiError);
    assert.equal(error.status, 400);
    assert.equal(error.fields.file, 'Ce fichier est vide.');
  });
});
