import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseKinds, startTestApp, type TestApp } from '../testing/test-app.ts';

interface OpenApiResponse {
  description: string;
  content?: Record<string, { schema: Record<string, unknown> }>;
}
interface OpenApiOperation {
  summary?: string;
  tags?: string[];
  security?: unknown[];
  responses: Record<string, OpenApiResponse>;
}
interface OpenApiDocument {
  info: { title: string; description: string };
  tags: { name: string; description: string }[];
  paths: Record<string, Record<string, OpenApiOperation>>;
  components: { schemas: Record<string, unknown>; securitySchemes?: Record<string, Record<string, unknown>> };
}

const isSuccess = (status: string) => /^2\d\d$/.test(status);
const openApiPath = (url: string) => url.replace(/:(\w+)/g, '{$1}');

// The route walk needs no particular database: the first kind (SQLite) is enough.
describe('issue 14, typed API: every route declares its answers, /api/docs shows them', () => {
  let t: TestApp;
  let doc: OpenApiDocument;
  before(async () => {
    t = await startTestApp(databaseKinds[0]!);
    doc = (await t.client().get('/api/docs/json')).body as OpenApiDocument;
  });
  after(() => t.close());

  const apiRoutes = () =>
    t.app.registeredRoutes.filter((r) => r.url.startsWith('/api/') && !r.url.startsWith('/api/docs'));

  test('issue 14 item 1 (response schemas): no /api route without a declared success answer; files are declared binary', () => {
    assert.ok(apiRoutes().length > 60, 'the walk sees the routes');
    const undeclared: string[] = [];
    for (const route of apiRoutes()) {
      const response = (route.schema?.response ?? {}) as Record<string, unknown>;
      const success = Object.entries(response).filter(([status]) => isSuccess(status));
      if (success.length === 0) undeclared.push(`${route.method} ${route.url}`);
      for (const [status, entry] of success) {
        const content = (entry as { content?: Record<string, { schema: unknown }> }).content;
        if (content)
          for (const type of Object.keys(content))
            assert.ok(!type.includes('json'), `${route.method} ${route.url} ${status}: JSON is declared by its schema`);
      }
    }
    assert.deepEqual(undeclared, [], 'routes without a response schema');
  });

  test('issue 14 item 1: the OpenAPI document lists every answer, the one error shape and the 4xx codes', () => {
    const operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => ({ path, method, op })),
    );
    assert.ok(operations.length > 60);
    for (const { path, method, op } of operations) {
      const statuses = Object.keys(op.responses);
      assert.ok(statuses.some(isSuccess), `${method} ${path}: no success answer`);
      assert.ok(statuses.includes('500'), `${method} ${path}: no 500 answer`);
      for (const [status, answer] of Object.entries(op.responses)) {
        assert.notEqual(answer.description, 'Default Response', `${method} ${path} ${status}: no description`);
        if (isSuccess(status)) continue;
        const schema = JSON.stringify(answer.content?.['application/json']?.schema);
        assert.match(schema, /"error"/, `${method} ${path} ${status}: not the error shape`);
        assert.match(answer.description, /error\.code : [A-Z_]+/, `${method} ${path} ${status}: codes not named`);
      }
    }
    const op = (method: string, url: string) => doc.paths[openApiPath(url)]?.[method];
    // What a reader of the docs must find on a few well-known routes.
    assert.deepEqual(Object.keys(op('get', '/api/invoices/:id')?.responses ?? {}).sort(), [
      '200',
      '400',
      '401',
      '403',
      '404',
      '500',
    ]);
    assert.match(op('post', '/api/invoices')?.responses['403']?.description ?? '', /CSRF_REJECTED/);
    assert.match(op('post', '/api/auth/sign-in')?.responses['429']?.description ?? '', /RATE_LIMITED/);
    assert.ok(op('delete', '/api/invoices/:id')?.responses['204']);
    const pdf = op('get', '/api/invoices/:id/invoice.pdf')?.responses['200'];
    assert.deepEqual(Object.keys(pdf?.content ?? {}), ['application/pdf']);
    assert.equal(pdf?.content?.['application/pdf']?.schema.format, 'binary');
    const invoice = JSON.stringify(op('get', '/api/invoices/:id')?.responses['200']);
    for (const field of ['draftNumber', 'totals', 'history', 'netPayableCents'])
      assert.match(invoice, new RegExp(field));
  });

  test('issue 14 item 2 (docs in French): titles, tags and answers in French; development routes hidden', async () => {
    const page = await t.client().get('/api/docs');
    assert.equal(page.status, 200);
    assert.match(String(page.body), /<title>Documentation de l’API Chorale<\/title>/);
    assert.match(doc.info.description, /Erreurs/);
    const used = new Set(Object.values(doc.paths).flatMap((m) => Object.values(m).flatMap((o) => o.tags ?? [])));
    for (const tag of used) {
      const declared = doc.tags.find((d) => d.name === tag);
      assert.ok(declared?.description, `tag « ${tag} » has no French description`);
    }
    for (const [path, methods] of Object.entries(doc.paths))
      for (const [method, o] of Object.entries(methods)) assert.ok(o.summary, `${method} ${path}: no summary`);
    assert.ok(!Object.keys(doc.paths).some((p) => p.startsWith('/api/dev/')), 'development routes are hidden');
    assert.ok(
      t.app.registeredRoutes.some((r) => r.url === '/api/dev/outbox'),
      'the dev outbox still exists',
    );
  });
});
