// Issue 10, « What must hold »: a connector that behaves like an accounting software, over HTTP
// against a started server (its own process, on SQLite and PostgreSQL), every request and answer
// of a Swagger operation validated by the connector helper; a webhook receiver gets each change
// once, signed; a technical account never reads or acts on another structure's invoice.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, test } from 'node:test';
import { openDatabase } from '@chorale/db';
import { assignMainManager } from '../organisation/assign-main-manager.ts';
import { lecointre } from '../../testing/fixtures.ts';
import {
  exited,
  freePort,
  serverTargets,
  startServer,
  waitReady,
  type ServerProcess,
} from '../../testing/server-process.ts';
import { createActiveAccount, signInWithMailCode, startTestApp, type TestClient } from '../../testing/test-app.ts';
import { CCI, facturxSample } from '../intake/intake-test-support.ts';
import {
  CproConnector,
  connectorFor,
  cproInvoice,
  processUpToPayment,
  recipientProfiles,
  supplierProfiles,
  toPayment,
  userIdOf,
} from './cpro-test-support.ts';
import { startTestReceiver, type TestReceiver } from './webhook-test-receiver.ts';

const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
const env = { WEBHOOKS_ALLOW_PRIVATE_NETWORKS: 'true' };

describe('issue 10: a connector over HTTP against a started server', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'chorale-connector-'));
  const all = await serverTargets(dataDir, 'connector');
  after(async () => {
    for (const target of all) await target.cleanup();
    await rm(dataDir, { recursive: true, force: true });
  });

  for (const target of all) {
    describe(`[${target.name}]`, () => {
      const files = join(dataDir, target.name);
      let server: ServerProcess;
      let receiver: TestReceiver;
      let supplier: CproConnector;
      let recipient: CproConnector;
      let stranger: CproConnector;
      let supplierId = 0;
      let flowInvoice = 0;
      let typedInvoice = 0;
      let serviceCode = '';

      before(async () => {
        receiver = await startTestReceiver();
        // The accounts, structures, connections and webhooks are made in process on the same database
        // (the portal's part); then only the started server is spoken to.
        const t = await startTestApp(
          { name: target.name, create: async () => ({ ...openDatabase(target.url), url: target.url }) },
          { DATA_DIR: files, DATABASE_URL: target.url, ...env },
        );
        try {
          const webhook = async (manager: TestClient, c: CproConnector, path: string) => {
            const id = (
              await t.app.ctx.db
                .selectFrom('cpro_connections')
                .select('id')
                .where('client_id', '=', c.clientId)
                .executeTakeFirstOrThrow()
            ).id;
            const res = await manager.post(`/api/api-connections/${id}/webhooks`, { url: receiver.url(path) });
            assert.equal(res.status, 201, JSON.stringify(res.body));
            receiver.secrets.set(path, res.body.secret);
          };
          await createActiveAccount(t, 'compta@lecointre.fr');
          const manager = await signInWithMailCode(t, 'compta@lecointre.fr');
          supplierId = (await manager.post('/api/structures', lecointre)).body.id;
          supplier = await connectorFor(t, await userIdOf(t, 'compta@lecointre.fr'), supplierId, [
            { structureId: supplierId, profiles: supplierProfiles },
          ]);
          await webhook(manager, supplier, '/fournisseur');
          await createActiveAccount(t, 'compta@cci.fr');
          await assignMainManager(t.app.ctx, { identifier: CCI, email: 'compta@cci.fr' });
          const cciManager = await signInWithMailCode(t, 'compta@cci.fr');
          const cciId = (
            await t.app.ctx.db
              .selectFrom('structures')
              .select('id')
              .where('identifier', '=', CCI)
              .executeTakeFirstOrThrow()
          ).id;
          recipient = await connectorFor(t, await userIdOf(t, 'compta@cci.fr'), cciId, [
            { structureId: cciId, profiles: recipientProfiles },
          ]);
          await webhook(cciManager, recipient, '/destinataire');
          await createActiveAccount(t, 'compta@autre.fr');
          const other = await signInWithMailCode(t, 'compta@autre.fr');
          const otherId = (
            await other.post('/api/structures', { ...lecointre, identifier: '73282932000074', companyName: 'AUTRE' })
          ).body.id;
          stranger = await connectorFor(t, await userIdOf(t, 'compta@autre.fr'), otherId, [
            { structureId: otherId, profiles: [...supplierProfiles, ...recipientProfiles] },
          ]);
        } finally {
          await t.close();
        }
        const port = await freePort();
        server = startServer(port, files, target.url, env);
        await waitReady(`http://127.0.0.1:${port}`);
        for (const c of [supplier, recipient, stranger]) {
          c.baseUrl = `http://127.0.0.1:${port}`;
          c.accessToken = '';
        }
      });
      after(async () => {
        server.kill('SIGTERM');
        await exited(server);
        await receiver.close();
      });

      test('token → structures rechercher, consulter, services → deposer/flux (Factur-X) → consulterCR until IN_INTEGRE → rechercher/fournisseur by numeroFluxDepot → consulter/historique', async () => {
        const token = await supplier.token();
        assert.equal(token.status, 200, JSON.stringify(token.body));
        assert.equal(token.body.token_type, 'Bearer');
        const found = await supplier.call('structures/v1/rechercher', {
          structure: { identifiantStructure: CCI, typeIdentifiantStructure: 'SIRET' },
        });
        assert.equal(found.status, 200, JSON.stringify(found.body));
        const idStructureCPP = found.body.listeStructures[0].idStructureCPP;
        const structure = await supplier.call('structures/v1/consulter', { idStructureCPP });
        assert.equal(structure.body.informationGenerales.identifiantStructure, CCI);
        const services = await supplier.call('structures/v1/rechercher/services', { idStructure: idStructureCPP });
        assert.ok(services.body.listeServices.length > 0);
        serviceCode = services.body.listeServices[0].codeService;

        const flux = await supplier.call('factures/v1/deposer/flux', {
          fichierFlux: (await facturxSample('CONNECT-FX-1')).toString('base64'),
          nomFichier: 'facture-connecteur.pdf',
          syntaxeFlux: 'IN_DP_E2_CII_FACTURX',
        });
        assert.equal(flux.status, 200, JSON.stringify(flux.body));
        const numeroFluxDepot = flux.body.numeroFluxDepot;
        let state = '';
        for (let i = 0; i < 200 && state !== 'IN_INTEGRE'; i++) {
          const cr = await supplier.call('transverses/v1/consulterCR', { numeroFluxDepot });
          assert.equal(cr.status, 200, JSON.stringify(cr.body));
          state = cr.body.etatCourantFlux;
          assert.ok(!['IN_REJETE', 'IN_INTEGRE_PARTIEL'].includes(state), state);
          if (state !== 'IN_INTEGRE') await sleep(150);
        }
        assert.equal(state, 'IN_INTEGRE');
        const listed = await supplier.call('factures/v1/rechercher/fournisseur', { numeroFluxDepot });
        assert.equal(listed.body.listeFactures.length, 1, JSON.stringify(listed.body));
        assert.equal(listed.body.listeFactures[0].numeroFacture, 'CONNECT-FX-1');
        flowInvoice = listed.body.listeFactures[0].identifiantFactureCPP;
        const history = await supplier.call('factures/v1/consulter/historique', { idFacture: flowInvoice });
        assert.equal(history.status, 200);
        const codes = history.body.historiquesDesStatuts.histoStatut.map(
          (h: { histoStatutCode: string }) => h.histoStatutCode,
        );
        assert.ok(codes.includes('DEPOSEE'), codes.join());
      });

      test('soumettre with an attachment from ajouter/fichier; the recipient through rechercher/recipiendaire and traiter/recue up to MISE_EN_PAIEMENT', async () => {
        const file = await supplier.call('transverses/v1/ajouter/fichier', {
          pieceJointeFichier: pdf.toString('base64'),
          pieceJointeNom: 'bon-de-commande.pdf',
          pieceJointeTypeMime: 'application/pdf',
          pieceJointeExtension: 'PDF',
        });
        assert.equal(file.status, 200, JSON.stringify(file.body));
        const sent = await supplier.call(
          'factures/v1/soumettre',
          cproInvoice(supplierId, 'CONNECT-0001', {
            destinataire: { codeDestinataire: CCI, codeServiceExecutant: serviceCode },
            pieceJointeComplementaire: [
              { pieceJointeComplementaireId: file.body.pieceJointeId, pieceJointeComplementaireDesignation: 'Bon' },
            ],
          }),
          { 'idempotency-key': 'connecteur-0001' },
        );
        assert.equal(sent.status, 200, JSON.stringify(sent.body));
        assert.equal(sent.body.statutFacture, 'DEPOSEE');
        typedInvoice = sent.body.identifiantFactureCPP;

        assert.equal((await recipient.token()).status, 200);
        let listed: number[] = [];
        for (let i = 0; i < 100 && !listed.includes(typedInvoice); i++) {
          const res = await recipient.call('factures/v1/rechercher/recipiendaire', {
            statutCourant: ['MISE_A_DISPOSITION'],
          });
          listed = res.body.listeFactures.map((f: { identifiantFactureCPP: number }) => f.identifiantFactureCPP);
          if (!listed.includes(typedInvoice)) await sleep(150);
        }
        assert.ok(listed.includes(typedInvoice), 'routed to the recipient by the server’s job worker');
        const seen = await recipient.call('factures/v1/consulter/recipiendaire', {
          identifiantFactureCPP: typedInvoice,
        });
        assert.equal(seen.body.facture.listeDesPiecesJointes.pieceJointe.length, 1);
        await processUpToPayment(recipient, typedInvoice);
        const history = await supplier.call('factures/v1/consulter/historique', { idFacture: typedInvoice });
        assert.equal(history.body.statutCourantCode, 'MISE_EN_PAIEMENT');
      });

      test('the webhook receivers get each change once, with a valid signature', async () => {
        const supplierChain = ['DEPOSEE', 'EN_COURS_ACHEMINEMENT', 'MISE_A_DISPOSITION'];
        const paid = toPayment;
        const statuses = (path: string, id: number) =>
          receiver.received
            .filter((e) => e.path === path && e.body.data.identifiantFactureCPP === id)
            .map((e) => e.body.data.statut);
        const expected: [string, number, string[]][] = [
          ['/fournisseur', flowInvoice, supplierChain],
          ['/fournisseur', typedInvoice, [...supplierChain, ...paid]],
          ['/destinataire', flowInvoice, ['MISE_A_DISPOSITION']],
          ['/destinataire', typedInvoice, ['MISE_A_DISPOSITION', ...paid]],
        ];
        const complete = () => expected.every(([path, id, list]) => statuses(path, id).length >= list.length);
        for (let i = 0; i < 150 && !complete(); i++) await sleep(200);
        for (const [path, id, list] of expected)
          assert.deepEqual([...statuses(path, id)].sort(), [...list].sort(), `${path} ${id}`);
        // Each state of the flow once, its time in the lifecycle's order. Deliveries run side by
        // side: they may arrive in another order, the receiver orders them by that time.
        const lifecycle = ['IN_RECU', 'IN_EN_ATTENTE_TRAITEMENT_CPP', 'IN_EN_COURS_TRAITEMENT_CPP', 'IN_INTEGRE'];
        const flowStates = receiver.received
          .filter((e) => e.path === '/fournisseur' && e.body.type === 'flux.etat')
          .map((e) => e.body.data as { etatCourantFlux: string; dateHeureEtatCourantFlux: string });
        assert.deepEqual(flowStates.map((f) => f.etatCourantFlux).sort(), [...lifecycle].sort());
        const times = lifecycle.map(
          (state) => flowStates.find((f) => f.etatCourantFlux === state)!.dateHeureEtatCourantFlux,
        );
        assert.deepEqual([...times].sort(), times, `the states' times follow the lifecycle: ${times.join(', ')}`);
        assert.ok(
          receiver.received.every((e) => e.signatureValid),
          'every delivery is signed with the webhook’s secret',
        );
        for (const path of ['/fournisseur', '/destinataire']) {
          const ids = receiver.received.filter((e) => e.path === path).map((e) => e.id);
          assert.equal(new Set(ids).size, ids.length, `${path}: each change once`);
        }
      });

      test('a technical account never reads or acts on another structure’s invoice', async () => {
        assert.equal((await stranger.token()).status, 200);
        const before = await supplier.call('factures/v1/consulter/historique', { idFacture: typedInvoice });
        const byId = (id: number): [string, Record<string, unknown>][] => [
          ['factures/v1/consulter/fournisseur', { identifiantFactureCPP: id }],
          ['factures/v1/consulter/recipiendaire', { identifiantFactureCPP: id }],
          ['factures/v1/consulter/historique', { idFacture: id }],
          ['factures/v1/telecharger/groupe', { listeFacture: [{ idFacture: id }], format: 'PDF' }],
          ['factures/v1/traiter/recue', { idFacture: id, nouveauStatut: 'SUSPENDUE', motif: 'Intrusion' }],
          ['factures/v1/completer', { identifiantFactureCPP: id, commentaire: 'Intrusion' }],
          ['factures/v1/recycler', { identifiantFactureCPP: id, destinataire: { codeDestinataire: CCI } }],
          ['factures/v1/traiterRejet', { listeDemandePaiement: [{ idDemandePaiement: id }] }],
        ];
        const wrong: string[] = [];
        for (const id of [typedInvoice, flowInvoice])
          for (const [path, body] of byId(id)) {
            const res = await stranger.call(path, body);
            if (![403, 404].includes(res.status)) wrong.push(`${path} ${id} → ${res.status}`);
          }
        for (const path of ['factures/v1/rechercher/fournisseur', 'factures/v1/rechercher/recipiendaire']) {
          const res = await stranger.call(path, { numeroFacture: 'CONNECT-0001' });
          if (res.body.listeFactures.length) wrong.push(`${path} lists the invoice`);
        }
        assert.deepEqual(wrong, []);
        const afterwards = await supplier.call('factures/v1/consulter/historique', { idFacture: typedInvoice });
        assert.deepEqual(afterwards.body, before.body, 'nothing changed on the invoice');
      });
    });
  }
});
