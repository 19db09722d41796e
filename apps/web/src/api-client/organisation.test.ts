import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ApiError } from './client.ts';
import { membersCsvUrl, membershipsApi, structuresApi } from './organisation.ts';
import { setCookies, stubFetch } from './fetch-stub.ts';

describe('organisation API client', () => {
  test('lookups and searches put their parameters in the query string, encoded', async () => {
    setCookies('');
    const calls = stubFetch(() => Response.json({ items: [] }));
    await structuresApi.lookup('SIRET', '899 346 076 00024');
    await structuresApi.search('Durand & fils');
    await structuresApi.members(7, { status: '', q: 'é' });
    assert.equal(calls[0]?.url, '/api/structures/lookup?identifierType=SIRET&identifier=899+346+076+00024');
    assert.equal(calls[1]?.url, '/api/structures/search?q=Durand+%26+fils');
    assert.equal(calls[2]?.url, '/api/structures/7/members?q=%C3%A9', 'an empty filter is left out');
  });

  test('the CSV export link carries the same filters as the list', () => {
    assert.equal(membersCsvUrl(3, { status: '', q: '' }), '/api/structures/3/members.csv');
    assert.equal(
      membersCsvUrl(3, { status: 'VALIDEE', q: 'petit' }),
      '/api/structures/3/members.csv?status=VALIDEE&q=petit',
    );
  });

  test('decisions are CSRF-protected writes; a refusal without comment comes back with its field message', async () => {
    setCookies('chorale_csrf=tok');
    const calls = stubFetch(() =>
      Response.json(
        {
          error: {
            code: 'VALIDATION_FAILED',
            message: 'Le champ « Commentaire » est obligatoire.',
            fields: { comment: 'Le champ « Commentaire » est obligatoire.' },
          },
        },
        { status: 400 },
      ),
    );
    const error = await membershipsApi.refuse(12, '').catch((e: unknown) => e);
    assert.equal(calls[0]?.url, '/api/memberships/12/refuse');
    assert.equal(calls[0]?.init.method, 'POST');
    assert.equal((calls[0]?.init.headers as Record<string, string>)['x-csrf-token'], 'tok');
    assert.equal(calls[0]?.init.body, JSON.stringify({ comment: '' }));
    assert.ok(error instanceof ApiError);
    assert.equal(error.fields.comment, 'Le champ « Commentaire » est obligatoire.');
  });

  test('activation and profiles use the documented routes and bodies', async () => {
    setCookies('chorale_csrf=tok');
    const calls = stubFetch(() => new Response(null, { status: 204 }));
    await structuresApi.setActive(5, false);
    await structuresApi.setServiceActive(9, true);
    await membershipsApi.setProfiles(4, [{ application: 'ORGANISATION', level: 'consultation' }]);
    assert.deepEqual(
      calls.map((c) => `${c.init.method} ${c.url}`),
      ['POST /api/structures/5/deactivate', 'POST /api/services/9/activate', 'PUT /api/memberships/4/profiles'],
    );
    assert.equal(
      calls[2]?.init.body,
      JSON.stringify({ profiles: [{ application: 'ORGANISATION', level: 'consultation' }] }),
    );
  });
});
