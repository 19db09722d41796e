import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { SMTPServer } from 'smtp-server';
import { ConfigError, loadConfig } from '../config.ts';
import { databaseKinds, startTestApp, type TestApp } from '../testing/test-app.ts';
import { publicRoute } from '../plugins/access-control.ts';
import { csvDocument } from './csv.ts';
import { enqueue } from './outbox.ts';
import { OutboxWorker, retryDelayMs } from './outbox-worker.ts';

test('a wrong configuration value stops start-up with a message naming it', () => {
  assert.throws(
    () => loadConfig({ PORT: 'abc' }),
    (e: unknown) => e instanceof ConfigError && /PORT/.test(e.message),
  );
  assert.throws(() => loadConfig({ DATABASE_URL: 'mysql://x' }), /DATABASE_URL: doit commencer par postgres:\/\//);
  assert.throws(() => loadConfig({ SMTP_URL: 'http://mail' }), /SMTP_URL/);
  const c = loadConfig({});
  assert.equal(c.port, 3000);
  assert.match(c.databaseUrl, /^sqlite:.*data\/chorale\.sqlite$/);
  assert.equal(c.demoData, true);
  assert.equal(c.secureCookies, false);
  assert.equal(loadConfig({ PUBLIC_URL: 'https://chorale.example.fr' }).secureCookies, true);
});

test('CSV exports open cleanly in French spreadsheets and never carry a formula', () => {
  assert.equal(
    csvDocument(
      ['Nom', 'Note'],
      [
        ['Potier; Daniel', '=HYPERLINK("x")'],
        ['Dupont', '+33 1 23'],
      ],
    ),
    '\uFEFFNom;Note\r\n"Potier; Daniel";"\'=HYPERLINK(""x"")"\r\nDupont;"\'+33 1 23"\r\n',
  );
});

test('back-off doubles and is capped', () => {
  assert.deepEqual([1, 2, 3].map(retryDelayMs), [2000, 4000, 8000]);
  assert.equal(retryDelayMs(30), 15 * 60_000);
});

for (const kind of databaseKinds) {
  describe(`[${kind.name}] platform`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(kind);
    });
    after(() => t.close());

    test('a failing side effect is retried later with back-off, then succeeds', async () => {
      let calls = 0;
      const worker = new OutboxWorker(
        t.app.ctx,
        {
          'mail.send': async () => {
            calls++;
            if (calls === 1) throw new Error('SMTP indisponible');
          },
          'mail.invoice-status': async () => undefined,
          'invoice.route': async () => undefined,
          'intake.read': async () => undefined,
          'cpro.password-reminder': async () => undefined,
          'webhook.deliver': async () => undefined,
          'edi.report': async () => undefined,
          'edi.status': async () => undefined,
        },
        t.app.log,
      );
      await t.database.db
        .transaction()
        .execute((trx) => enqueue(trx, t.app.ctx, 'mail.send', { to: 'a@b.fr', subject: 's', text: 't', html: 'h' }));
      assert.equal(await worker.runDueJobs(), 1);
      let job = await t.database.db
        .selectFrom('outbox_jobs')
        .selectAll()
        .orderBy('id', 'desc')
        .executeTakeFirstOrThrow();
      assert.equal(job.status, 'pending');
      assert.equal(job.last_error, 'SMTP indisponible');
      assert.equal(await worker.runDueJobs(), 0, 'not due before its back-off');
      t.advance(2_500);
      assert.equal(await worker.runDueJobs(), 1);
      job = await t.database.db
        .selectFrom('outbox_jobs')
        .selectAll()
        .where('id', '=', job.id)
        .executeTakeFirstOrThrow();
      assert.equal(job.status, 'done');
      assert.equal(calls, 2);
    });

    test('a job is queued only if its transaction commits', async () => {
      const before = await t.database.db
        .selectFrom('outbox_jobs')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      await assert.rejects(
        t.database.db.transaction().execute(async (trx) => {
          await enqueue(trx, t.app.ctx, 'mail.send', { to: 'a@b.fr', subject: 's', text: 't', html: 'h' });
          throw new Error('rollback');
        }),
      );
      const afterRow = await t.database.db
        .selectFrom('outbox_jobs')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      assert.equal(Number(afterRow.n), Number(before.n));
    });

    test('two workers never run the same job twice', async () => {
      const seen: string[] = [];
      const handlers = {
        'mail.send': async (m: { subject: string }) => {
          seen.push(m.subject);
          await new Promise((r) => setTimeout(r, 2));
        },
        'mail.invoice-status': async () => undefined,
        'invoice.route': async () => undefined,
        'intake.read': async () => undefined,
        'cpro.password-reminder': async () => undefined,
        'webhook.deliver': async () => undefined,
        'edi.report': async () => undefined,
        'edi.status': async () => undefined,
      };
      for (let i = 0; i < 40; i++)
        await t.database.db
          .transaction()
          .execute((trx) =>
            enqueue(trx, t.app.ctx, 'mail.send', { to: 'a@b.fr', subject: `m${i}`, text: 't', html: 'h' }),
          );
      const a = new OutboxWorker(t.app.ctx, handlers, t.app.log);
      const b = new OutboxWorker(t.app.ctx, handlers, t.app.log);
      const [na, nb] = await Promise.all([a.runDueJobs(), b.runDueJobs()]);
      assert.equal(na + nb, 40);
      assert.equal(new Set(seen).size, 40);
      assert.equal(seen.length, 40);
    });

    test('an unexpected error answers a 500 that leaks nothing', async () => {
      const t2 = await startTestApp(kind);
      t2.app.get('/api/boom', publicRoute, async () => {
        throw new Error('secret internal detail: password=hunter2');
      });
      const res = await t2.client().get('/api/boom');
      assert.equal(res.status, 500);
      assert.equal(res.body.error.code, 'INTERNAL');
      assert.doesNotMatch(JSON.stringify(res.body), /hunter2|secret|stack/);
      await t2.close();
    });

    test('issue 15 defect 2: a unique violation anywhere is a 409 in French, never a 500', async () => {
      const t2 = await startTestApp(kind);
      t2.app.post('/api/twice', publicRoute, async () => {
        const row = { sha256: 'a'.repeat(64), size: 1, created_at: new Date().toISOString() };
        await t2.database.db.insertInto('stored_files').values(row).execute();
        await t2.database.db.insertInto('stored_files').values(row).execute();
        return { ok: true };
      });
      const res = await t2.client().post('/api/twice', {});
      assert.equal(res.status, 409);
      assert.equal(res.body.error.code, 'CONFLICT');
      assert.match(res.body.error.message, /au même moment/);
      await t2.close();
    });

    test('portal pages carry a Content-Security-Policy without inline scripts', async () => {
      const res = await t.client().get('/connexion');
      if (res.status === 200) {
        const csp = String(res.headers['content-security-policy']);
        assert.match(csp, /script-src 'self'(;|$)/);
        assert.match(csp, /frame-ancestors 'none'/);
        assert.equal(res.headers['cache-control'], 'no-cache', 'a new release is picked up at once');
      } else assert.equal(res.status, 404, 'portal not built in this checkout');
    });

    test('unknown API paths answer a French 404', async () => {
      const res = await t.client().get('/api/nexiste-pas');
      assert.equal(res.status, 404);
      assert.match(res.body.error.message, /Aucune ressource/);
    });

    test('the directory finds demo public entities with their services and rules', async () => {
      const c = t.client();
      const state = await c.get('/api/directory?state=true');
      assert.equal(state.body.total, 1);
      assert.equal(state.body.items[0].identifier, '11000201100044');
      assert.equal(state.body.items[0].serviceCodeRequired, true);
      assert.equal(state.body.items[0].commitmentRequired, true);
      assert.ok(state.body.items[0].services.length >= 3);
      const cci = await c.get('/api/directory?q=cci%20region');
      assert.equal(cci.body.items[0].identifier, '13001727000013');
      const byPostcode = await c.get('/api/directory?q=29200');
      assert.equal(byPostcode.body.items[0].name, 'COLLEGE SIMONE VEIL');
      const bySiret = await c.get('/api/directory?q=1929008680');
      assert.equal(bySiret.body.total, 1);
      const notState = await c.get('/api/directory?state=false&pageSize=100');
      assert.ok(notState.body.items.every((i: { identifier: string }) => i.identifier !== '11000201100044'));
    });

    test('the dev outbox lists mails as JSON and as a page with working links', async () => {
      await t.database.db.transaction().execute((trx) =>
        enqueue(trx, t.app.ctx, 'mail.send', {
          to: 'lien@exemple.fr',
          subject: 'Lien',
          text: 'Cliquez : http://localhost:3999/activer-mon-compte?jeton=abc',
          html: '<p>x</p>',
        }),
      );
      await t.deliverMails();
      const json = await t.client().get('/api/dev/outbox');
      assert.equal(json.body.mails[0].to, 'lien@exemple.fr');
      const page = await t.client().get('/outbox');
      assert.match(page.body, /<a href="http:\/\/localhost:3999\/activer-mon-compte\?jeton=abc">/);
      assert.match(page.body, /lien@exemple\.fr/);
    });
  });
}

describe('mail over SMTP', () => {
  const received: { to: string; body: string }[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, session, callback) {
      let body = '';
      stream.on('data', (d: Buffer) => (body += d.toString('utf8')));
      stream.on('end', () => {
        received.push({ to: session.envelope.rcptTo.map((r) => r.address).join(','), body });
        callback();
      });
    },
  });
  let port = 0;
  before(async () => {
    server.listen(0, '127.0.0.1');
    await once(server.server, 'listening');
    port = (server.server.address() as { port: number }).port;
  });
  after(() => new Promise<void>((r) => server.close(() => r())));

  test('with SMTP_URL mails go to the SMTP server and the dev outbox does not exist', async () => {
    const kind = databaseKinds[0];
    assert.ok(kind);
    const t = await startTestApp(kind, { SMTP_URL: `smtp://127.0.0.1:${port}` });
    try {
      await t.database.db.transaction().execute((trx) =>
        enqueue(trx, t.app.ctx, 'mail.send', {
          to: 'reel@exemple.fr',
          subject: 'Bonjour',
          text: 'Texte é',
          html: '<p>HTML</p>',
        }),
      );
      await t.app.outbox.runDueJobs();
      assert.equal(received.length, 1);
      assert.equal(received[0]?.to, 'reel@exemple.fr');
      assert.match(received[0]?.body ?? '', /Subject: Bonjour/);
      assert.equal((await t.client().get('/api/dev/outbox')).status, 404);
      assert.equal((await t.client().get('/api/session')).body.devOutbox, false);
    } finally {
      await t.close();
    }
  });
});
