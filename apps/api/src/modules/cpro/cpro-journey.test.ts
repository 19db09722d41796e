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
} from '../../testing/test-app.ts';
import {
  CproConnector,
  connectorFor,
  processUpToPayment,
  recipientProfiles,
  supplierProfiles,
  userIdOf,
} from './cpro-test-support.ts';

const CCI = '13001727000013';
const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

/** A JSON invoice as an accounting software sends it (the webinar's case: 20 × 320.00 at 10 %). */
const invoiceJson = (supplierId: number, serviceCode: string, over: Record<string, unknown> = {}) => ({
  modeDepot: 'SAISIE_API',
  dateFacture: new Date().toISOString().slice(0, 10),
  destinataire: { codeDestinataire: CCI, codeServiceExecutant: serviceCode },
  fournisseur: { idFournisseur: supplierId },
  cadreDeFacturation: { codeCadreFacturation: 'A1_FACTURE_FOURNISSEUR' },
  references: { deviseFacture: 'EUR', typeFacture: 'FACTURE', typeTva: 'TVA_SUR_DEBIT', modePaiement: 'CHEQUE' },
  lignePoste: [
    {
      lignePosteNumero: 1,
      lignePosteReference: 'A-TOLUX',
      lignePosteDenomination: 'Chaises A Tolux',
      lignePosteQuantite: 20,
      lignePosteUnite: 'pièce',
      lignePosteMontantUnitaireHT: 320,
      lignePosteTauxTva: 'TVA10',
    },
  ],
  ...over,
});

for (const kind of databaseKinds) {
  describe(`[${kind.name}] issue 10: a connector over the Chorus Pro-compatible API`, () => {
    let t: TestApp;
    let supplier: CproConnector;
    let recipient: CproConnector;
    let stranger: CproConnector;
    let supplierId: number;
    let serviceCode = '';
    let invoiceId = 0;

    before(async () => {
      t = await startTestApp(kind);
      await createActiveAccount(t, 'gestion@lecointre.fr');
      const manager = await signInWithMailCode(t, 'gestion@lecointre.fr');
      supplierId = (await manager.post('/api/structures', lecointre)).body.id;
      supplier = await connectorFor(t, await userIdOf(t, 'gestion@lecointre.fr'), supplierId, [
        { structureId: supplierId, profiles: supplierProfiles },
      ]);

      await createActiveAccount(t, 'gestion@cci.fr');
      await assignMainManager(t.app.ctx, { identifier: CCI, email: 'gestion@cci.fr' });
      const cciId = (
        await t.app.ctx.db.selectFrom('structures').select('id').where('identifier', '=', CCI).executeTakeFirstOrThrow()
      ).id;
      recipient = await connectorFor(t, await userIdOf(t, 'gestion@cci.fr'), cciId, [
        { structureId: cciId, profiles: recipientProfiles },
      ]);

      await createActiveAccount(t, 'gestion@autre.fr');
      const other = await signInWithMailCode(t, 'gestion@autre.fr');
      const otherId = (
        await other.post('/api/structures', { ...lecointre, identifier: '73282932000074', companyName: 'AUTRE' })
      ).body.id;
      stranger = await connectorFor(t, await userIdOf(t, 'gestion@autre.fr'), otherId, [
        { structureId: otherId, profiles: supplierProfiles },
      ]);
    });
    after(() => t.close());

    test('value lists: devises, tauxtva, cadrefacturation, etats/traitement', async () => {
      const devises = await supplier.call('transverses/v1/recuperer/devises');
      assert.ok(devises.body.listeDevises.some((d: { codeDevise: string }) => d.codeDevise === 'EUR'));
      const taux = await supplier.call('transverses/v1/recuperer/tauxtva');
      assert.ok(taux.body.listeTauxTva.some((d: { codeTauxTva: string }) => d.codeTauxTva === 'TVA20'));
      const cadres = await supplier.call('transverses/v1/recuperer/cadrefacturation');
      assert.ok(cadres.body.listeCadreFacturation.length >= 4);
      for (const list of ['pays', 'motifs/exonerationtva', 'modedepot', 'modereglements', 'typespj', 'syntaxeflux']) {
        const res = await supplier.call(`transverses/v1/recuperer/${list}`);
        assert.equal(res.status, 200, list);
        assert.equal(res.body.codeRetour, 0, list);
      }
      const etats = await supplier.call('transverses/v1/recuperer/etats/traitement', {
        statutCourant: 'MISE_A_DISPOSITION',
      });
      const next = etats.body.listeEtatsTraitement.map((e: { etat: string }) => e.etat);
      for (const s of ['SERVICE_FAIT', 'MANDATEE', 'MISE_EN_PAIEMENT', 'SUSPENDUE', 'REJETEE', 'A_RECYCLER'])
        assert.ok(next.includes(s), s);
    });

    test('token → rechercher (SIRET) → consulter → rechercher/services, answers valid against the Swagger', async () => {
      const found = await supplier.call('structures/v1/rechercher', {
        structure: { identifiantStructure: CCI, typeIdentifiantStructure: 'SIRET' },
        parametres: { pageResultatDemandee: 1, nbResultatsParPage: 10 },
      });
      assert.equal(found.status, 200);
      assert.equal(found.body.listeStructures.length, 1);
      assert.deepEqual(found.body.parametresRetour, { pageCourante: 1, pages: 1, nbResultatsParPage: 10, total: 1 });
      const id = found.body.listeStructures[0].idStructureCPP;
      assert.equal(typeof id, 'number');

      const structure = await supplier.call('structures/v1/consulter', { idStructureCPP: id });
      assert.equal(structure.body.informationGenerales.identifiantStructure, CCI);
      assert.equal(typeof structure.body.parametres.codeServiceDoitEtreRenseigne, 'boolean');

      const services = await supplier.call('structures/v1/rechercher/services', { idStructure: id });
      assert.ok(services.body.listeServices.length > 0);
      serviceCode = services.body.listeServices[0].codeService;

      // Another company's private structure stays invisible.
      const hidden = await stranger.call('structures/v1/rechercher', {
        structure: { identifiantStructure: lecointre.identifier },
      });
      assert.equal(hidden.body.listeStructures.length, 0);
      const notMine = await stranger.call('structures/v1/consulter', { idStructureCPP: supplierId });
      assert.equal(notMine.status, 404);
      assert.equal(notMine.body.codeRetour, 20000);
    });

    test('ajouter/fichier then soumettre: a sent invoice with its attachment; the same Idempotency-Key creates one invoice', async () => {
      const file = await supplier.call('transverses/v1/ajouter/fichier', {
        pieceJointeFichier: pdf.toString('base64'),
        pieceJointeNom: 'bon-de-commande.pdf',
        pieceJointeTypeMime: 'application/pdf',
        pieceJointeExtension: 'PDF',
      });
      assert.equal(file.status, 200, JSON.stringify(file.body));
      const pieceJointeId = file.body.pieceJointeId;
      assert.equal(typeof pieceJointeId, 'number');

      const body = invoiceJson(supplierId, serviceCode, {
        numeroFactureSaisi: 'API-0001',
        pieceJointeComplementaire: [
          { pieceJointeComplementaireId: pieceJointeId, pieceJointeComplementaireDesignation: 'Bon de commande' },
        ],
      });
      const sent = await supplier.call('factures/v1/soumettre', body, { 'idempotency-key': 'cle-0001' });
      assert.equal(sent.status, 200, JSON.stringify(sent.body));
      assert.equal(sent.body.codeRetour, 0);
      assert.equal(sent.body.numeroFacture, 'API-0001');
      assert.equal(sent.body.statutFacture, 'DEPOSEE');
      assert.match(sent.body.dateDepot, /^\d{4}-\d{2}-\d{2}$/);
      assert.ok(sent.body.empreinteCertificatDepot);
      invoiceId = sent.body.identifiantFactureCPP;

      const replay = await supplier.call('factures/v1/soumettre', body, { 'idempotency-key': 'cle-0001' });
      assert.deepEqual(replay.body, sent.body);
      assert.equal(replay.headers['idempotent-replayed'], 'true');
      const other = await supplier.call(
        'factures/v1/soumettre',
        { ...body, numeroFactureSaisi: 'API-0002' },
        {
          'idempotency-key': 'cle-0001',
        },
      );
      assert.equal(other.status, 400);
      assert.match(other.body.libelle, /clé d’idempotence/);
      const count = await t.app.ctx.db
        .selectFrom('invoices')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('number', 'in', ['API-0001', 'API-0002'])
        .executeTakeFirstOrThrow();
      assert.equal(Number(count.n), 1);

      const row = await t.app.ctx.db
        .selectFrom('invoices')
        .selectAll()
        .where('id', '=', invoiceId)
        .executeTakeFirstOrThrow();
      assert.equal(row.deposit_mode, 'SAISIE_API');
      assert.equal(Number(row.total_net_cents), 640000);
      assert.equal(Number(row.net_payable_cents), 704000);
    });

    test('soumettre refused by a rule leaves nothing behind and says why in French', async () => {
      const before = await t.app.ctx.db
        .selectFrom('invoices')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      // A well-formed SIRET that no public entity holds, then one whose check digit is wrong.
      const refused = await supplier.call(
        'factures/v1/soumettre',
        invoiceJson(supplierId, serviceCode, { destinataire: { codeDestinataire: '99999999999993' } }),
      );
      assert.equal(refused.status, 400);
      assert.equal(refused.body.codeRetour, 20002);
      assert.match(refused.body.libelle, /entité publique/);
      const mistyped = await supplier.call(
        'factures/v1/soumettre',
        invoiceJson(supplierId, serviceCode, { destinataire: { codeDestinataire: '99999999999999' } }),
      );
      assert.equal(mistyped.status, 400);
      assert.match(mistyped.body.libelle, /clé de contrôle incorrecte/);
      const wrongRate = await supplier.call(
        'factures/v1/soumettre',
        invoiceJson(supplierId, serviceCode, {
          lignePoste: [
            {
              lignePosteDenomination: 'X',
              lignePosteQuantite: 1,
              lignePosteMontantUnitaireHT: 1,
              lignePosteTauxTva: 'TVA99',
            },
          ],
        }),
      );
      assert.match(wrongRate.body.libelle, /TVA99/);
      // A technical account never submits for a structure it is not attached to.
      const foreign = await stranger.call('factures/v1/soumettre', invoiceJson(supplierId, serviceCode));
      assert.ok([403, 404].includes(foreign.status), String(foreign.status));
      const after = await t.app.ctx.db
        .selectFrom('invoices')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      assert.equal(Number(after.n), Number(before.n));
    });

    test('rechercher/fournisseur → consulter/fournisseur → consulter/historique', async () => {
      const list = await supplier.call('factures/v1/rechercher/fournisseur', {
        numeroFacture: 'API-0001',
        rechercheFactureParFournisseur: { pageResultatDemandee: 1, nbResultatsParPage: 20 },
      });
      assert.equal(list.body.listeFactures.length, 1);
      assert.equal(list.body.listeFactures[0].identifiantFactureCPP, invoiceId);
      assert.equal(list.body.listeFactures[0].montantAPayer, 7040);
      assert.equal(list.body.parametresRetour.total, 1);

      const one = await supplier.call('factures/v1/consulter/fournisseur', { identifiantFactureCPP: invoiceId });
      assert.equal(one.body.facture.numeroFacture, 'API-0001');
      assert.equal(one.body.facture.montantTotal.montantAPayer, 7040);
      assert.equal(one.body.facture.listeDesPiecesJointes.pieceJointe[0].pieceJointeDesignation, 'Bon de commande');

      const history = await supplier.call('factures/v1/consulter/historique', { idFacture: invoiceId });
      const codes = history.body.historiquesDesStatuts.histoStatut.map(
        (h: { histoStatutCode: string }) => h.histoStatutCode,
      );
      assert.deepEqual(codes.slice(0, 2), ['BROUILLON', 'DEPOSEE']);

      // Nobody else reads it: another company, nor the recipient before delivery.
      for (const who of [stranger, recipient]) {
        const res = await who.call('factures/v1/consulter/fournisseur', { identifiantFactureCPP: invoiceId });
        assert.equal(res.status, 404);
        const h = await who.call('factures/v1/consulter/historique', { idFacture: invoiceId });
        assert.equal(h.status, 404);
        const l = await who.call('factures/v1/rechercher/fournisseur', { numeroFacture: 'API-0001' });
        assert.equal(l.body.listeFactures.length, 0);
      }
    });

    test('recipient side: rechercher/recipiendaire, consulter, traiter/recue up to MISE_EN_PAIEMENT', async () => {
      await t.app.outbox.runDueJobs();
      const none = await stranger.call('factures/v1/rechercher/recipiendaire', {});
      assert.equal(none.body.listeFactures.length, 0);
      const list = await recipient.call('factures/v1/rechercher/recipiendaire', {
        statutCourant: ['MISE_A_DISPOSITION'],
        rechercheFactureRecipiendaire: { nbResultatsParPage: 10 },
      });
      assert.equal(list.body.listeFactures.length, 1, JSON.stringify(list.body));
      assert.equal(list.body.listeFactures[0].identifiantFactureCPP, invoiceId);
      const one = await recipient.call('factures/v1/consulter/recipiendaire', { identifiantFactureCPP: invoiceId });
      assert.equal(one.body.facture.statutFacture, 'MISE_A_DISPOSITION');

      // The supplier and a stranger cannot process it.
      for (const who of [supplier, stranger]) {
        const res = await who.call('factures/v1/traiter/recue', { idFacture: invoiceId, nouveauStatut: 'MANDATEE' });
        assert.ok([403, 404].includes(res.status), String(res.status));
      }
      const noReason = await recipient.call('factures/v1/traiter/recue', {
        idFacture: invoiceId,
        nouveauStatut: 'SUSPENDUE',
      });
      assert.equal(noReason.status, 400);
      assert.match(noReason.body.libelle, /motif/);

      await processUpToPayment(recipient, invoiceId);
      const back = await recipient.call('factures/v1/traiter/recue', {
        idFacture: invoiceId,
        nouveauStatut: 'MANDATEE',
      });
      assert.equal(back.status, 409);
      assert.equal(back.body.codeRetour, 20004);
      const history = await supplier.call('factures/v1/consulter/historique', { idFacture: invoiceId });
      assert.equal(history.body.statutCourantCode, 'MISE_EN_PAIEMENT');
    });

    test('completer: a suspended invoice completed with a new attachment', async () => {
      const sent = await supplier.call(
        'factures/v1/soumettre',
        invoiceJson(supplierId, serviceCode, { numeroFactureSaisi: 'API-0003' }),
      );
      assert.equal(sent.status, 200, JSON.stringify(sent.body));
      await t.app.outbox.runDueJobs();
      const id = sent.body.identifiantFactureCPP;
      const suspended = await recipient.call('factures/v1/traiter/recue', {
        idFacture: id,
        nouveauStatut: 'SUSPENDUE',
        motif: 'Bon de livraison manquant',
      });
      assert.equal(suspended.status, 200, JSON.stringify(suspended.body));
      const file = await supplier.call('transverses/v1/ajouter/fichier', {
        pieceJointeFichier: pdf.toString('base64'),
        pieceJointeNom: 'bl.pdf',
        pieceJointeTypeMime: 'application/pdf',
      });
      // Another account's upload is not usable.
      const foreignFile = await stranger.call('factures/v1/completer', {
        identifiantFactureCPP: id,
        pieceJointeComplementaire: [{ pieceJointeComplementaireId: file.body.pieceJointeId }],
      });
      assert.ok([403, 404].includes(foreignFile.status));
      const done = await supplier.call('factures/v1/completer', {
        identifiantFactureCPP: id,
        commentaire: 'Voici le bon de livraison',
        pieceJointeComplementaire: [
          { pieceJointeComplementaireId: file.body.pieceJointeId, pieceJointeComplementaireDesignation: 'BL' },
        ],
      });
      assert.equal(done.status, 200, JSON.stringify(done.body));
      const history = await supplier.call('factures/v1/consulter/historique', { idFacture: id });
      assert.equal(history.body.statutCourantCode, 'COMPLETEE');
    });

    test('traiterRejet acknowledges a rejection; recycler sends an A_RECYCLER invoice again', async () => {
      const send = async (number: string) => {
        const res = await supplier.call(
          'factures/v1/soumettre',
          invoiceJson(supplierId, serviceCode, { numeroFactureSaisi: number }),
        );
        assert.equal(res.status, 200, JSON.stringify(res.body));
        await t.app.outbox.runDueJobs();
        return res.body.identifiantFactureCPP as number;
      };
      const rejected = await send('API-0004');
      await recipient.call('factures/v1/traiter/recue', {
        idFacture: rejected,
        nouveauStatut: 'REJETEE',
        motif: 'Montant faux',
      });
      const foreign = await stranger.call('factures/v1/traiterRejet', {
        listeDemandePaiement: [{ idDemandePaiement: rejected }],
      });
      assert.equal(foreign.status, 404);
      const treated = await supplier.call('factures/v1/traiterRejet', {
        listeDemandePaiement: [{ idDemandePaiement: rejected }],
      });
      assert.equal(treated.status, 200, JSON.stringify(treated.body));
      const found = await supplier.call('factures/v1/rechercher/fournisseur', {
        numeroFacture: 'API-0004',
        rejetTraite: true,
      });
      assert.equal(found.body.listeFactures[0].rejetTraite, true);

      const misrouted = await send('API-0005');
      await recipient.call('factures/v1/traiter/recue', {
        idFacture: misrouted,
        nouveauStatut: 'A_RECYCLER',
        motif: 'Mauvais service',
      });
      const recycled = await supplier.call('factures/v1/recycler', {
        identifiantFactureCPP: misrouted,
        destinataire: { codeDestinataire: CCI, codeServiceExecutant: serviceCode },
      });
      assert.equal(recycled.status, 200, JSON.stringify(recycled.body));
      assert.equal(recycled.body.numeroFacture, 'API-0005');
      assert.equal(recycled.body.statutFacture, 'EN_COURS_ACHEMINEMENT');
    });

    test('errors keep the envelope: a body that breaks the Swagger, control characters, a file over 10 MB', async () => {
      supplier.checkRequests = false;
      const contract = await supplier.call('factures/v1/consulter/historique', { idFacture: 'pas un nombre' });
      supplier.checkRequests = true;
      assert.equal(contract.status, 400);
      assert.equal(contract.body.codeRetour, 20002);
      assert.match(contract.body.libelle, /contrat Chorus Pro/);
      const control = await supplier.call('factures/v1/rechercher/fournisseur', { numeroFacture: 'F\u0000' });
      assert.equal(control.status, 400);
      assert.match(control.body.libelle, /caractère de contrôle/);
      const big = await supplier.call('transverses/v1/ajouter/fichier', {
        pieceJointeFichier: Buffer.alloc(10 * 1024 * 1024 + 1, 37).toString('base64'),
        pieceJointeNom: 'gros.pdf',
      });
      assert.equal(big.status, 413);
      assert.equal(big.body.codeRetour, 20003);
    });
  });
}
