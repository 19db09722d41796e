// Issue 13: a status change queues a small job (`mail.invoice-status`: the invoice, its status and
// the reason), and the mail is composed when it is sent, from the rows read then, a batch of mails
// by a bounded number of statements; mails queued whole before (`mail.send`) are still delivered.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Mail } from '../../platform/mailer.ts';
import { enqueue, enqueueAll } from '../../platform/outbox.ts';
import { OutboxWorker, type JobHandler } from '../../platform/outbox-worker.ts';
import { databaseKinds, startTestApp, type TestApp } from '../../testing/test-app.ts';
import {
  sendInOneCall,
  setUpTypedFlow,
  supplierToken,
  typedInvoice,
  type TypedFlow,
} from '../../testing/typed-flow.ts';
import { routeInvoices } from './route-invoice.ts';
import { statusMailSender } from './status-mails.ts';

for (const kind of databaseKinds) {
  describe(`[${kind.name}] issue 13: status mails composed when sent`, () => {
    let t: TestApp;
    let flow: TypedFlow;
    let secret: string;
    before(async () => {
      t = await startTestApp(kind);
      flow = await setUpTypedFlow(t, 'statusmail');
      secret = await supplierToken(flow);
      await t.deliverMails();
    });
    after(() => t.close());

    const send = async () => {
      const sent = await sendInOneCall(t, secret, typedInvoice(flow.structureId));
      assert.equal(sent.status, 201, JSON.stringify(sent.body));
      return sent.body as { id: number; number: string };
    };
    const pendingJobs = () =>
      t.database.db.selectFrom('outbox_jobs').select(['kind', 'payload']).where('status', '=', 'pending').execute();

    test('the mail of each step goes to the creator’s contact as it is when the mail is sent, with the same text as before', async () => {
      const invoice = await send();
      const queued = (await pendingJobs()).filter((j) => j.kind === 'mail.invoice-status');
      assert.deepEqual(
        queued.map((j) => JSON.parse(j.payload)),
        [{ invoiceId: invoice.id, status: 'DEPOSEE', reason: null }],
        'the change queues the invoice and its status, not the mail',
      );
      // The supplier changes his contact details before the mails go out: they use the new ones.
      const profile = await flow.supplier.put('/api/me', {
        firstName: 'Danièle',
        lastName: 'Potier',
        phone: '',
        contactEmail: 'compta@lecointre.fr',
        surveyConsent: false,
      });
      assert.equal(profile.status, 200, JSON.stringify(profile.body));
      const mails = (await t.deliverMails()).filter((m) => m.to === 'compta@lecointre.fr');
      assert.deepEqual(
        mails.map((m) => m.subject),
        [
          `Chorale – Facture ${invoice.number} : Déposée`,
          `Chorale – Facture ${invoice.number} : En cours d’acheminement`,
          `Chorale – Facture ${invoice.number} : Mise à disposition du destinataire`,
        ],
      );
      const cci = await t.database.db
        .selectFrom('structures')
        .select('company_name')
        .where('identifier', '=', '13001727000013')
        .executeTakeFirstOrThrow();
      const link = `${t.app.ctx.config.publicUrl}/facturation/factures-emises/${invoice.id}`;
      assert.equal(
        mails[0]!.text,
        [
          'Bonjour Danièle,',
          '',
          `La facture n° ${invoice.number} adressée à 13001727000013 ${cci.company_name} est passée à l’état « Déposée ».`,
          '',
          `Suivre la facture : ${link}`,
          '',
          '--',
          'Ce message est envoyé automatiquement par Chorale : merci de ne pas y répondre.',
        ].join('\n'),
      );
      const html = await t.database.db
        .selectFrom('dev_mails')
        .select('html_body')
        .where('to_address', '=', 'compta@lecointre.fr')
        .orderBy('id')
        .executeTakeFirstOrThrow();
      assert.match(html.html_body, /<p>Bonjour Danièle,<\/p>/);
      assert.ok(html.html_body.includes(`<a href="${link}">Suivre la facture</a>`));
    });

    test('a batch of 150 status mails is delivered by a bounded number of statements, in one transaction', async () => {
      const ids: number[] = [];
      for (let i = 0; i < 10; i++) ids.push((await send()).id);
      await t.deliverMails();
      // 10 invoices, each named by 15 jobs: one read for them all, not one per invoice nor per job.
      const many = Array.from({ length: 50 }, (_, i) => ids[i % 10]!);
      await t.database.db.transaction().execute((trx) =>
        enqueueAll(
          trx,
          t.app.ctx,
          many.flatMap((invoiceId) =>
            (['DEPOSEE', 'EN_COURS_ACHEMINEMENT', 'MISE_A_DISPOSITION'] as const).map((status) => ({
              kind: 'mail.invoice-status' as const,
              payload: { invoiceId, status, reason: null },
            })),
          ),
        ),
      );
      const stats = t.database.stats;
      const before = { ...stats };
      assert.equal(await t.app.outbox.runDueJobs(), 150);
      // A claim, then the mails' rows (one read), the mails (one insert), done; the claim that
      // finds nothing. A lease's heartbeat on a slow machine may add one.
      const statements = stats.statements - before.statements;
      assert.ok(statements <= 5 + 1, `${statements} statements`);
      assert.equal(stats.transactions - before.transactions, 1);
      const mails = await t.deliverMails();
      assert.equal(mails.length, 150, 'each job’s mail, once');
      assert.equal(mails.filter((m) => m.subject.endsWith(' : Mise à disposition du destinataire')).length, 50);
      assert.ok(mails.every((m) => m.to === 'compta@lecointre.fr' && m.text.startsWith('Bonjour Danièle,')));
    });

    test('sent one at a time (SMTP): each job reads its invoice and sends the same mail', async () => {
      await t.deliverMails();
      const invoice = await send();
      // The SMTP sender's place: given each mail, as nodemailer would be.
      const sent: Mail[] = [];
      const smtp: JobHandler<'mail.send'> = async (mail) => void sent.push(mail);
      const idle = async () => undefined;
      const worker = new OutboxWorker(
        t.app.ctx,
        {
          'mail.send': smtp,
          'mail.invoice-status': statusMailSender(t.app.ctx, smtp, t.app.log),
          'invoice.route': { batch: (trx, payloads) => routeInvoices(trx, { ...t.app.ctx, db: trx }, payloads) },
          'intake.read': idle,
          'cpro.password-reminder': idle,
          'webhook.deliver': idle,
          'edi.report': idle,
          'edi.status': idle,
        },
        t.app.log,
      );
      await worker.runDueJobs();
      assert.deepEqual(
        sent.map((m) => [m.to, m.subject]),
        ['Déposée', 'En cours d’acheminement', 'Mise à disposition du destinataire'].map((label) => [
          'compta@lecointre.fr',
          `Chorale – Facture ${invoice.number} : ${label}`,
        ]),
      );
      assert.ok(sent.every((m) => m.text.startsWith('Bonjour Danièle,') && m.html.includes('Suivre la facture')));
      assert.deepEqual(await pendingJobs(), []);
    });

    test('a job whose invoice no longer exists is done without a mail; a mail queued whole is still sent', async () => {
      await t.deliverMails();
      await t.database.db.transaction().execute(async (trx) => {
        await enqueue(trx, t.app.ctx, 'mail.invoice-status', { invoiceId: 987_654, status: 'DEPOSEE', reason: null });
        await enqueue(trx, t.app.ctx, 'mail.send', {
          to: 'ancien@lecointre.fr',
          subject: 'Chorale – Facture F-1 : Déposée',
          text: 'texte',
          html: '<p>texte</p>',
        });
      });
      const mails = await t.deliverMails();
      assert.deepEqual(
        mails.map((m) => m.to),
        ['ancien@lecointre.fr'],
      );
      assert.deepEqual(await pendingJobs(), [], 'nothing left to try again');
      const failed = await t.database.db
        .selectFrom('outbox_jobs')
        .select('id')
        .where('status', '=', 'failed')
        .execute();
      assert.deepEqual(failed, []);
    });
  });
}
