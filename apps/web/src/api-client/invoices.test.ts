import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ApiError } from './client.ts';
import { invoicesApi } from './invoices.ts';
import { setCookies } from './fetch-stub.ts';

describe('invoices API client: attachments', () => {
  test('a file goes as multipart with its designation and type, and the CSRF header', async () => {
    setCookies('chorale_csrf=tok%3D1');
    let seen: { url: string; init: RequestInit } | null = null;
    globalThis.fetch = (async (url: string, init: RequestInit) => {
      seen = { url, init };
      return Response.json({ id: 5, attachments: [] }, { status: 201 });
    }) as typeof fetch;
    const file = new File(['%PDF-1.4'], 'bon.pdf', { type: 'application/pdf' });
    await invoicesApi.addAttachment(5, { designation: 'Bon de livraison', kind: 'COMPLEMENTAIRE', file });
    const call = seen as unknown as { url: string; init: RequestInit };
    assert.equal(call.url, '/api/invoices/5/attachments');
    assert.equal((call.init.headers as Record<string, string>)['x-csrf-token'], 'tok=1');
    const body = call.init.body as FormData;
    assert.deepEqual([...body.keys()], ['designation', 'kind', 'file']);
    assert.equal(body.get('designation'), 'Bon de livraison');
    assert.equal((body.get('file') as File).name, 'bon.pdf');
  });

  test('a refused file comes back as an ApiError with the message of its field', async () => {
    setCookies('');
    globalThis.fetch = (async () =>
      Response.json(
        { error: { code: 'VALIDATION_FAILED', message: 'Fichier refusé.', fields: { file: 'Ce n’est pas un PDF.' } } },
        { status: 400 },
      )) as unknown as typeof fetch;
    const file = new File(['texte'], 'faux.pdf');
    await assert.rejects(
      invoicesApi.addAttachment(1, { designation: 'x', kind: 'PRINCIPALE', file }),
      (error: unknown) =>
        error instanceof ApiError && error.status === 400 && error.fields.file === 'Ce n’est pas un PDF.',
    );
  });
});
