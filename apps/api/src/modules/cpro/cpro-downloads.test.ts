// Issue 10: the downloads of the Chorus Pro-compatible API (`factures/v1/telecharger/groupe`,
// `transverses/v1/telecharger/annuaire/destinataire`) and `rechercher/fournisseur` by
// `numeroFluxDepot`; requests and answers checked against the Swagger by the connector.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { lecointre } from '../../testing/fixtures.ts';
import {
  createActiveAccount,
  databaseKinds,
  signInWithMailCode,
  startTestApp,
  type TestApp,
} from '../../testing/test-app.ts';
import { detectLayout, readServiceRow, readStructureRow } from '../directory/directory-columns.ts';
import { CCI, facturxSample as facturx, fiveLineUbl } from '../intake/intake-test-support.ts';
import { readZip } from '../intake/read-archive.ts';
import { CproConnector, connectorFor, cproInvoice, supplierProfiles, userIdOf } from './cpro-test-support.ts';

const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
const unzip = (base64: string) => readZip(Buffer.from(base64, 'base64'));

for (const kind of databaseKinds) {
  describe(`[${kind.name}] issue 10: telecharger/groupe, telecharger/annuaire/destinataire, rechercher by numeroFluxDepot`, () => {
    let t: TestApp;
    let supplier: CproConnector;
    let stranger: CproConnector;
    let supplierId = 0;
    let typed = 0;
    let fromFlow = 0;
    let flowNumber = '';

    before(async () => {
      t = await startTestApp(kind);
      await createActiveAccount(t, 'gestion@lecointre.fr');
      const manager = await signInWithMailCode(t, 'gestion@lecointre.fr');
      supplierId = (await manager.post('/api/structures', lecointre)).body.id;
      supplier = await connectorFor(t, await userIdOf(t, 'gestion@lecointre.fr'), supplierId, [
        { structureId: supplierId, profiles: supplierProfiles },
      ]);
      await createActiveAccount(t, 'gestion@autre.fr');
      const other = await signInWithMailCode(t, 'gestion@autre.fr');
      const otherId = (
        await other.post('/api/structures', { ...lecointre, identifier: '73282932000074', companyName: 'AUTRE' })
      ).body.id;
      stranger = await connectorFor(t, await userIdOf(t, 'gestion@autre.fr'), otherId, [
        { structureId: otherId, profiles: supplierProfiles },
      ]);

      const file = await supplier.call('transverses/v1/ajouter/fichier', {
        pieceJointeFichier: pdf.toString('base64'),
        pieceJointeNom: 'bon-de-commande.pdf',
        pieceJointeTypeMime: 'application/pdf',
        pieceJointeExtension: 'PDF',
      });
      const sent = await supplier.call(
        'factures/v1/soumettre',
        cproInvoice(supplierId, 'DL-0001', {
          pieceJointeComplementaire: [
            { pieceJointeComplementaireId: file.body.pieceJointeId, pieceJointeComplementaireDesignation: 'Bon' },
          ],
        }),
      );
      assert.equal(sent.status, 200, JSON.stringify(sent.body));
      typed = sent.body.identifiantFactureCPP;

      // A flow of two invoices (a UBL and a Factur-X in one flow would mix syntaxes: two flows).
      const flux = await supplier.call('factures/v1/deposer/flux', {
        fichierFlux: (await facturx('DL-FLUX-1')).toString('base64'),
        nomFichier: 'dl-flux-1.pdf',
        syntaxeFlux: 'IN_DP_E2_CII_FACTURX',
      });
      assert.equal(flux.status, 200, JSON.stringify(flux.body));
      flowNumber = flux.body.numeroFluxDepot;
      const second = await supplier.call('factures/v1/deposer/flux', {
        fichierFlux: fiveLineUbl('DL-FLUX-2').toString('base64'),
        nomFichier: 'dl-flux-2.xml',
      });
      assert.equal(second.status, 200);
      await t.deliverMails();
      await t.deliverMails();
    });
    after(() => t.close());

    test('rechercher/fournisseur by numeroFluxDepot lists that flow’s invoices only, with their flow number', async () => {
      const found = await supplier.call('factures/v1/rechercher/fournisseur', { numeroFluxDepot: flowNumber });
      assert.equal(found.status, 200, JSON.stringify(found.body));
      assert.deepEqual(
        found.body.listeFactures.map((f: { numeroFacture: string }) => f.numeroFacture),
        ['DL-FLUX-1'],
      );
      assert.equal(found.body.listeFactures[0].numeroFluxDepot, flowNumber);
      assert.equal(found.body.parametresRetour.total, 1);
      fromFlow = found.body.listeFactures[0].identifiantFactureCPP;
      const all = await supplier.call('factures/v1/rechercher/fournisseur', {});
      assert.equal(all.body.parametresRetour.total, 3, 'without the filter, every invoice');
      for (const unknown of ['20269999999999', `${Number(flowNumber.slice(0, 4)) - 1}${flowNumber.slice(4)}`, 'abc']) {
        const none = await supplier.call('factures/v1/rechercher/fournisseur', { numeroFluxDepot: unknown });
        assert.equal(none.status, 200);
        assert.equal(none.body.listeFactures.length, 0, unknown);
      }
      // Another company's account does not find the flow's invoices.
      const hidden = await stranger.call('factures/v1/rechercher/fournisseur', { numeroFluxDepot: flowNumber });
      assert.equal(hidden.body.listeFactures.length, 0);
    });

    test('telecharger/groupe: one ZIP with each invoice in the format asked, attachments when asked', async () => {
      const zip = await supplier.call('factures/v1/telecharger/groupe', {
        listeFacture: [{ idFacture: typed }, { idFacture: fromFlow }],
        format: 'ZIP',
        avecPiecesJointesComplementaires: 'true',
      });
      assert.equal(zip.status, 200, JSON.stringify(zip.body));
      const entries = unzip(zip.body.fichierResultat);
      const names = entries.map((e) => e.name);
      assert.equal(names.filter((n) => /DL-0001-\d+\.pdf$/.test(n)).length, 1, names.join());
      assert.ok(names.some((n) => n.endsWith('.xml') && n.includes('DL-0001')));
      assert.ok(
        names.some((n) => n.endsWith('bon-de-commande.pdf')),
        'the attachment',
      );
      assert.ok(names.some((n) => n.includes('DL-FLUX-1') && n.endsWith('.pdf')));
      // The Factur-X deposited is given back as filed; the XML is the invoice's CII.
      const typedXml = entries.find((e) => e.name.endsWith('.xml') && e.name.includes('DL-0001'))!;
      assert.match(typedXml.bytes.toString('utf8'), /CrossIndustryInvoice[\s\S]*DL-0001/);
      for (const e of entries.filter((x) => x.name.endsWith('.pdf')))
        assert.equal(e.bytes.subarray(0, 5).toString('latin1'), '%PDF-', e.name);

      const pdfOnly = unzip(
        (await supplier.call('factures/v1/telecharger/groupe', { listeFacture: [{ idFacture: typed }], format: 'PDF' }))
          .body.fichierResultat,
      );
      assert.deepEqual(
        pdfOnly.map((e) => e.name.slice(-4)),
        ['.pdf'],
      );
      const xmlOnly = unzip(
        (await supplier.call('factures/v1/telecharger/groupe', { listeFacture: [{ idFacture: typed }], format: 'XML' }))
          .body.fichierResultat,
      );
      assert.deepEqual(
        xmlOnly.map((e) => e.name.slice(-4)),
        ['.xml'],
      );
    });

    test('telecharger/groupe refuses as a whole an invoice the account may not read, a wrong format, too many invoices', async () => {
      const refused = await stranger.call('factures/v1/telecharger/groupe', {
        listeFacture: [{ idFacture: typed }],
        format: 'PDF',
      });
      assert.equal(refused.status, 404);
      assert.equal(refused.body.codeRetour, 20000);
      assert.match(refused.body.libelle, new RegExp(`Facture ${typed} introuvable`));
      const format = await supplier.call('factures/v1/telecharger/groupe', {
        listeFacture: [{ idFacture: typed }],
        format: 'DOCX',
      });
      assert.equal(format.status, 400);
      assert.match(format.body.libelle, /PDF, XML ou ZIP/);
      const many = await supplier.call('factures/v1/telecharger/groupe', {
        listeFacture: Array.from({ length: 11 }, () => ({ idFacture: typed })),
      });
      assert.equal(many.status, 400);
      assert.match(many.body.libelle, /Au plus 10 factures/);
    });

    test('telecharger/annuaire/destinataire: the public recipients in the official export’s columns, read back by the importer', async () => {
      const res = await supplier.call('transverses/v1/telecharger/annuaire/destinataire', {});
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.equal(res.body.codeRetour, 0);
      const entries = unzip(res.body.fichierResultat);
      assert.deepEqual(entries.map((e) => e.name).sort(), ['services.csv', 'structures.csv']);
      const rows = (name: string) =>
        entries
          .find((e) => e.name === name)!
          .bytes.toString('utf8')
          .replace(/^\uFEFF/, '')
          .trim()
          .split('\r\n')
          .map((line) => line.split(';').map((c) => c.replace(/^"|"$/g, '')));
      const [structureHeader, ...structures] = rows('structures.csv');
      const structureLayout = detectLayout(structureHeader!)!;
      const read = structures.map((r) => readStructureRow(structureLayout, r));
      // Every row reads back, but for a demo entry whose SIRET has a wrong check digit on purpose.
      const refused = read.filter((r) => !r.ok);
      assert.ok(
        refused.every((r) => !r.ok && /clé de contrôle/.test(r.reason)),
        JSON.stringify(refused),
      );
      assert.ok(read.some((r) => r.ok && r.values.identifier === CCI && r.values.company_name.includes('CCI')));
      assert.ok(!structures.some((r) => r[1] === lecointre.identifier), 'private companies are not in the directory');
      const [serviceHeader, ...services] = rows('services.csv');
      const serviceLayout = detectLayout(serviceHeader!)!;
      assert.ok(services.length > 0);
      assert.ok(services.map((r) => readServiceRow(serviceLayout, r)).every((r) => r.ok));
    });
  });
}
