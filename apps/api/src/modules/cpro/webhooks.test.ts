// Issue 10, « What Chorus Pro lacks »: webhooks per API connection. Status changes of invoices and
// state changes of flows are pushed once each, signed, through the outbox, retried with back-off,
// logged; addresses are checked against server-side request forgery.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { assignMainManager } from '../organisation/assign-main-manager.ts';
import { lecointre } from '../../testing/fixtures.ts';
import {
  createActiveAccount,
  databaseKinds,
  signInWithMailCode,
  startTestApp,
  type TestApp,
  type TestClient,
} from '../../testing/test-app.ts';
import { CCI, facturxSample as facturx } from '../intake/intake-test-support.ts';
import {
  CproConnector,
  connectorFor,
  cproInvoice,
  recipientProfiles,
  supplierProfiles,
  userIdOf,
} from './cpro-test-support.ts';
import { checkWebhookUrl, isPrivateAddress } from './webhook-address.ts';
import { webhookDeliverer } from './webhook-delivery.ts';
import { startTestReceiver, type TestReceiver } from './webhook-test-receiver.ts';
import { createWebhook } from './webhooks.ts';

test('webhook addresses: https only, public addresses only, unless the development setting allows them', () => {
  const refused = (url: string, allow = false) => assert.throws(() => checkWebhookUrl(url, allow), url);
  assert.equal(checkWebhookUrl('https://erp.exemple.fr/chorale', false), 'https://erp.exemple.fr/chorale');
  refused('http://erp.exemple.fr/chorale');
  refused('http://erp.exemple.fr/chorale', true);
  refused('ftp://erp.exemple.fr/x');
  refused('https://user:motdepasse@erp.exemple.fr/x');
  for (const host of ['localhost', '127.0.0.1', '10.1.2.3', '192.168.1.10', '169.254.169.254', '[::1]', '[fd00::1]'])
    refused(`https://${host}/x`);
  assert.equal(checkWebhookUrl('http://127.0.0.1:8080/x', true), 'http://127.0.0.1:8080/x');
  assert.equal(checkWebhookUrl('http://localhost:8080/x', true), 'http://localhost:8080/x');
  for (const a of ['::ffff:10.0.0.1', '100.64.0.1', '0.0.0.0', '224.0.0.1']) assert.ok(isPrivateAddress(a), a);
  for (const a of ['8.8.8.8', '2a00:1450:4007::1', '51.15.0.1']) assert.ok(!isPrivateAddress(a), a);
});

for (const kind of databaseKinds) {
  describe(`[${kind.name}] issue 10: webhooks of an API connection`, () => {
    let t: TestApp;
    let receiver: TestReceiver;
    let manager: TestClient;
    let cciManager: TestClient;
    let supplier: CproConnector;
    let recipient: CproConnector;
    let supplierId = 0;
    let supplierConnection = 0;
    let recipientConnection = 0;
    const connectionOf = async (c: CproConnector) =>
      (
        await t.app.ctx.db
          .selectFrom('cpro_connections')
          .select('id')
          .where('client_id', '=', c.clientId)
          .executeTakeFirstOrThrow()
      ).id;
    const register = async (client: TestClient, connectionId: number, path: string) => {
      const res = await client.post(`/api/api-connections/${connectionId}/webhooks`, { url: receiver.url(path) });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      receiver.secrets.set(path, res.body.secret);
      return res.body;
    };
    const eventsAt = (path: string) => receiver.received.filter((r) => r.path === path);

    before(async () => {
      t = await startTestApp(kind, { WEBHOOKS_ALLOW_PRIVATE_NETWORKS: 'true' });
      receiver = await startTestReceiver(() => t.app.ctx.now().getTime());
      await createActiveAccount(t, 'gestion@lecointre.fr');
      manager = await signInWithMailCode(t, 'gestion@lecointre.fr');
      supplierId = (await manager.post('/api/structures', lecointre)).body.id;
      supplier = await connectorFor(t, await userIdOf(t, 'gestion@lecointre.fr'), supplierId, [
        { structureId: supplierId, profiles: supplierProfiles },
      ]);
      supplierConnection = await connectionOf(supplier);
      await createActiveAccount(t, 'gestion@cci.fr');
      await assignMainManager(t.app.ctx, { identifier: CCI, email: 'gestion@cci.fr' });
      cciManager = await signInWithMailCode(t, 'gestion@cci.fr');
      const cciId = (
        await t.app.ctx.db.selectFrom('structures').select('id').where('identifier', '=', CCI).executeTakeFirstOrThrow()
      ).id;
      recipient = await connectorFor(t, await userIdOf(t, 'gestion@cci.fr'), cciId, [
        { structureId: cciId, profiles: recipientProfiles },
      ]);
      recipientConnection = await connectionOf(recipient);
    });
    after(async () => {
      await receiver.close();
      await t.close();
    });

    test('a manager declares a webhook: the secret is shown once; others cannot see or add one', async () => {
      const created = await register(manager, supplierConnection, '/fournisseur');
      assert.match(created.secret, /^whsec_/);
      assert.equal(created.webhook.url, receiver.url('/fournisseur'));
      const list = await manager.get(`/api/api-connections/${supplierConnection}/webhooks`);
      assert.equal(list.status, 200);
      assert.equal(list.body.items.length, 1);
      assert.ok(!JSON.stringify(list.body).includes(created.secret), 'the list never shows the secret');
      const again = await manager.post(`/api/api-connections/${supplierConnection}/webhooks`, {
        url: receiver.url('/fournisseur'),
      });
      assert.equal(again.status, 409);
      assert.match(again.body.error.fields.url, /reçoit déjà/);
      const plain = await manager.post(`/api/api-connections/${supplierConnection}/webhooks`, {
        url: 'http://erp.exemple.fr/hook',
      });
      assert.equal(plain.status, 400);
      assert.match(plain.body.error.fields.url, /https:\/\//);
      // Another structure's manager: the connection does not exist for him.
      for (const res of [
        await cciManager.get(`/api/api-connections/${supplierConnection}/webhooks`),
        await cciManager.post(`/api/api-connections/${supplierConnection}/webhooks`, { url: receiver.url('/x') }),
        await cciManager.get(`/api/api-connections/${supplierConnection}/webhook-deliveries`),
        await cciManager.post(`/api/webhooks/${created.webhook.id}/revoke`, {}),
      ])
        assert.equal(res.status, 404, JSON.stringify(res.body));
      await register(cciManager, recipientConnection, '/destinataire');
    });

    test('each status change is pushed once, signed, to the supplier’s and (once delivered) the recipient’s webhooks', async () => {
      const sent = await supplier.call('factures/v1/soumettre', cproInvoice(supplierId, 'WH-0001'));
      assert.equal(sent.status, 200, JSON.stringify(sent.body));
      const id = sent.body.identifiantFactureCPP;
      await t.deliverMails();
      await t.deliverMails();
      const statusesAt = (path: string) =>
        eventsAt(path)
          .filter((e) => e.body.data.identifiantFactureCPP === id)
          .map((e) => e.body.data.statut);
      assert.deepEqual(statusesAt('/fournisseur'), ['DEPOSEE', 'EN_COURS_ACHEMINEMENT', 'MISE_A_DISPOSITION']);
      // The recipient hears of the invoice when it reaches it, as its users see it.
      assert.deepEqual(statusesAt('/destinataire'), ['MISE_A_DISPOSITION']);

      const paid = await recipient.call('factures/v1/traiter/recue', {
        idFacture: id,
        nouveauStatut: 'MISE_EN_PAIEMENT',
        motif: 'Payée',
      });
      assert.equal(paid.status, 200, JSON.stringify(paid.body));
      await t.deliverMails();
      await t.deliverMails();
      assert.deepEqual(statusesAt('/fournisseur'), [
        'DEPOSEE',
        'EN_COURS_ACHEMINEMENT',
        'MISE_A_DISPOSITION',
        'MISE_EN_PAIEMENT',
      ]);
      assert.deepEqual(statusesAt('/destinataire'), ['MISE_A_DISPOSITION', 'MISE_EN_PAIEMENT']);
      const all = receiver.received;
      assert.ok(
        all.every((e) => e.signatureValid),
        'every delivery carries a valid signature',
      );
      assert.ok(all.every((e) => e.id === e.body.id && e.attempt === 1));
      for (const path of ['/fournisseur', '/destinataire']) {
        const ids = eventsAt(path).map((e) => e.id);
        assert.equal(new Set(ids).size, ids.length, `${path}: each change once`);
      }
      const last = eventsAt('/fournisseur').at(-1)!.body;
      assert.equal(last.type, 'facture.statut');
      assert.equal(last.data.statutPrecedent, 'MISE_A_DISPOSITION');
      assert.equal(last.data.numeroFacture, 'WH-0001');
      assert.equal(last.data.commentaire, 'Payée');

      // A delivery job run again (a crash after the answer) sends nothing twice.
      const delivery = await t.app.ctx.db
        .selectFrom('cpro_webhook_deliveries')
        .select(['id', 'webhook_id'])
        .orderBy('id', 'desc')
        .executeTakeFirstOrThrow();
      const before = all.length;
      await webhookDeliverer(t.app.ctx)({ deliveryId: delivery.id, webhookId: delivery.webhook_id });
      assert.equal(receiver.received.length, before);
    });

    test('flow state changes are pushed: IN_RECU … IN_INTEGRE, then the invoice’s statuses', async () => {
      const flux = await supplier.call('factures/v1/deposer/flux', {
        fichierFlux: (await facturx('WH-FLUX-1')).toString('base64'),
        nomFichier: 'wh-flux-1.pdf',
        syntaxeFlux: 'IN_DP_E2_CII_FACTURX',
      });
      assert.equal(flux.status, 200, JSON.stringify(flux.body));
      for (let i = 0; i < 3; i++) await t.deliverMails();
      const states = eventsAt('/fournisseur')
        .filter((e) => e.body.type === 'flux.etat' && e.body.data.numeroFluxDepot === flux.body.numeroFluxDepot)
        .map((e) => e.body.data.etatCourantFlux);
      assert.deepEqual(states, ['IN_RECU', 'IN_EN_ATTENTE_TRAITEMENT_CPP', 'IN_EN_COURS_TRAITEMENT_CPP', 'IN_INTEGRE']);
      assert.ok(
        eventsAt('/fournisseur').some(
          (e) => e.body.data.numeroFacture === 'WH-FLUX-1' && e.body.data.statut === 'DEPOSEE',
        ),
      );
      // The recipient's connection hears nothing of another company's flow.
      assert.ok(!eventsAt('/destinataire').some((e) => e.body.type === 'flux.etat'));
    });

    test('a refused delivery is retried after its back-off and logged; after the last attempt it is « failed »', async () => {
      receiver.answers.push(500);
      const sent = await supplier.call('factures/v1/soumettre', cproInvoice(supplierId, 'WH-0002'));
      const id = sent.body.identifiantFactureCPP;
      const deposee = () =>
        eventsAt('/fournisseur').filter(
          (e) => e.body.data.identifiantFactureCPP === id && e.body.data.statut === 'DEPOSEE',
        );
      await t.deliverMails();
      assert.deepEqual(
        deposee().map((e) => e.attempt),
        [1],
      );
      await t.deliverMails();
      assert.equal(deposee().length, 1, 'no retry before the back-off');
      t.advance(3_000);
      await t.deliverMails();
      assert.deepEqual(
        deposee().map((e) => e.attempt),
        [1, 2],
      );
      assert.equal(deposee()[0]!.id, deposee()[1]!.id, 'the same event id at each attempt');
      const log = await manager.get(`/api/api-connections/${supplierConnection}/webhook-deliveries?pageSize=100`);
      assert.equal(log.status, 200);
      const lines = log.body.items.filter((l: { eventId: string }) => l.eventId === deposee()[0]!.id);
      assert.deepEqual(
        lines.map((l: { attempt: number; httpStatus: number; deliveryStatus: string }) => [
          l.attempt,
          l.httpStatus,
          l.deliveryStatus,
        ]),
        [
          [2, 200, 'delivered'],
          [1, 500, 'delivered'],
        ],
      );
      assert.match(lines[0].summary, /WH-0002 : Déposée \(DEPOSEE\)/);

      // A receiver that never answers well: 15 attempts, then the delivery is given up.
      const down = await register(manager, supplierConnection, '/en-panne');
      // The receiver went away (nothing listens on that port any more).
      await t.app.ctx.db
        .updateTable('cpro_webhooks')
        .set({ url: 'http://127.0.0.1:1/en-panne' })
        .where('id', '=', down.webhook.id)
        .execute();
      const failing = (await supplier.call('factures/v1/soumettre', cproInvoice(supplierId, 'WH-0003'))).body
        .identifiantFactureCPP;
      const atDown = () => eventsAt('/en-panne').filter((e) => e.body.data.identifiantFactureCPP === failing);
      for (let i = 0; i < 16; i++) {
        await t.deliverMails();
        t.advance(16 * 60_000);
      }
      assert.equal(atDown().length, 0);
      const delivery = await t.app.ctx.db
        .selectFrom('cpro_webhook_deliveries')
        .selectAll()
        .where('webhook_id', '=', down.webhook.id)
        .where('event_id', 'like', `facture-${failing}-%`)
        .orderBy('id')
        .executeTakeFirstOrThrow();
      assert.equal(delivery.status, 'failed');
      assert.equal(delivery.attempts, 15);
      // Hours went by: the manager signs in again to read the log.
      manager = await signInWithMailCode(t, 'gestion@lecointre.fr');
      const failedLog = await manager.get(
        `/api/api-connections/${supplierConnection}/webhook-deliveries?deliveryStatus=failed&pageSize=100`,
      );
      const attempts = failedLog.body.items.filter((l: { eventId: string }) => l.eventId === delivery.event_id);
      assert.equal(attempts.length, 15);
      assert.ok(attempts.every((l: { httpStatus: number | null; error: string }) => l.httpStatus === null && l.error));
      const list = await manager.get(`/api/api-connections/${supplierConnection}/webhooks`);
      const row = list.body.items.find((w: { id: number }) => w.id === down.webhook.id);
      assert.ok(row.failed >= 1);

      // Removed: no delivery any more.
      assert.equal((await manager.post(`/api/webhooks/${down.webhook.id}/revoke`, {})).status, 204);
      const queued = await t.app.ctx.db
        .selectFrom('cpro_webhook_deliveries')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('webhook_id', '=', down.webhook.id)
        .executeTakeFirstOrThrow();
      await supplier.call('factures/v1/soumettre', cproInvoice(supplierId, 'WH-0004'));
      const after = await t.app.ctx.db
        .selectFrom('cpro_webhook_deliveries')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('webhook_id', '=', down.webhook.id)
        .executeTakeFirstOrThrow();
      assert.equal(Number(after.n), Number(queued.n));
    });

    test('without the development setting, a delivery to a private address is refused at connection time', async () => {
      const strict = { ...t.app.ctx, config: { ...t.app.ctx.config, webhooksAllowPrivateNetworks: false } };
      await assert.rejects(
        createWebhook(strict, await userIdOf(t, 'gestion@lecointre.fr'), supplierConnection, {
          url: receiver.url('/interdit'),
        }),
        /réseau privé/,
      );
      // A name that resolves to the machine itself (DNS can change after registration).
      const hook = await createWebhook(t.app.ctx, await userIdOf(t, 'gestion@lecointre.fr'), supplierConnection, {
        url: receiver.url('/interdit').replace('127.0.0.1', 'localhost'),
      });
      const deliveries = await t.app.ctx.db
        .insertInto('cpro_webhook_deliveries')
        .values({
          webhook_id: hook.webhook.id,
          event_id: 'essai-ssrf',
          event_type: 'facture.statut',
          payload: JSON.stringify({ id: 'essai-ssrf', type: 'facture.statut', data: { statut: 'DEPOSEE' } }),
          status: 'pending',
          attempts: 0,
          created_at: new Date().toISOString(),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await assert.rejects(webhookDeliverer(strict)({ deliveryId: deliveries.id, webhookId: hook.webhook.id }));
      assert.equal(eventsAt('/interdit').length, 0);
      const attempt = await t.app.ctx.db
        .selectFrom('cpro_webhook_attempts')
        .selectAll()
        .where('delivery_id', '=', deliveries.id)
        .executeTakeFirstOrThrow();
      assert.equal(attempt.http_status, null);
      assert.match(attempt.error ?? '', /réseau privé/);
    });
  });
}
