import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { z } from 'zod';
import { flowStates } from '@chorale/domain';
import { lecointre } from '../../testing/fixtures.ts';
import {
  createActiveAccount,
  databaseKinds,
  signInWithMailCode,
  startTestApp,
  type TestApp,
} from '../../testing/test-app.ts';
import { CproConnector, connectorFor, supplierProfiles, userIdOf } from '../cpro/cpro-test-support.ts';
import { assignMainManager } from '../organisation/assign-main-manager.ts';
import { CCI, facturxSample as facturx, fiveLineUbl, tarGz } from './intake-test-support.ts';

// The transverses Swagger is not public (cpro/swagger/SOURCE.md): the answers of consulterCR and
// consulterCRDetaille are checked against the fields DOMAIN.md §10 gives them.
const envelope = { codeRetour: z.literal(0), libelle: z.string() };
const consulterCrAnswer = z.object({
  ...envelope,
  etatCourantFlux: z.enum(flowStates),
  dateDepotFlux: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  dateHeureEtatCourantFlux: z.iso.datetime(),
  nomFichierFlux: z.string(),
  codeInterfaceFlux: z.string(),
  designationPartenaire: z.string(),
  fichierCR: z.base64(),
});
const consulterCrDetailleAnswer = z.object({
  ...envelope,
  etatCourantDepotFlux: z.enum(flowStates),
  nomFichier: z.string(),
  listeErreurDP: z.array(
    z.object({
      numeroDP: z.string(),
      identifiantFournisseur: z.string(),
      identifiantDestinataire: z.string(),
      libelleErreurDP: z.string().min(1),
    }),
  ),
  listeErreurTechnique: z.array(
    z.object({ codeErreur: z.string(), libelleErreur: z.string(), natureErreur: z.string() }),
  ),
});

async function pdfText(base64: string): Promise<string> {
  const { extractText, getDocumentProxy } = await import('unpdf');
  const { text } = await extractText(await getDocumentProxy(new Uint8Array(Buffer.from(base64, 'base64'))), {
    mergePages: true,
  });
  return text.replace(/\s+/g, ' ');
}

/** A plain PDF invoice (text layer, no data) of LECOINTRE PARIS, as an accounting software prints it. */
async function plainPdf(): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const page = doc.addPage();
  const lines = [
    'LECOINTRE PARIS',
    `SIRET ${lecointre.identifier}`,
    'FACTURE N° OCR-2026-7',
    'Date de facture : 02/11/2026',
    `Client : CCI REGION PARIS ILE FRANCE SIRET ${CCI}`,
    'Total HT 100,00 EUR',
    'TVA 20 % 20,00 EUR',
    'Total TTC 120,00 EUR',
    'Net à payer 120,00 EUR',
  ];
  lines.forEach((l, i) => page.drawText(l, { x: 50, y: 780 - i * 20, size: 11, font }));
  return Buffer.from(await doc.save());
}

const b64 = (b: Buffer) => b.toString('base64');

for (const kind of databaseKinds) {
  describe(`[${kind.name}] issue 10: deposer/flux, deposer/pdf, consulterCR, consulterCRDetaille`, () => {
    let t: TestApp;
    let connector: CproConnector;
    let other: CproConnector;
    const flows = { facturx: '' };
    before(async () => {
      t = await startTestApp(kind, { DATA_DIR: `/tmp/chorale-cpro-flows-${kind.name}-${process.pid}` });
      await createActiveAccount(t, 'gestion@lecointre.fr');
      await createActiveAccount(t, 'gestion@autre.fr');
      await createActiveAccount(t, 'achats@cci.fr');
      const manager = await signInWithMailCode(t, 'gestion@lecointre.fr');
      const structureId = (await manager.post('/api/structures', lecointre)).body.id;
      connector = await connectorFor(t, await userIdOf(t, 'gestion@lecointre.fr'), structureId, [
        { structureId, profiles: supplierProfiles },
      ]);
      const otherManager = await signInWithMailCode(t, 'gestion@autre.fr');
      const otherId = (
        await otherManager.post('/api/structures', { ...lecointre, identifier: '73282932000074', companyName: 'AUTRE' })
      ).body.id;
      other = await connectorFor(t, await userIdOf(t, 'gestion@autre.fr'), otherId, [
        { structureId: otherId, profiles: supplierProfiles },
      ]);
      await assignMainManager(t.app.ctx, { identifier: CCI, email: 'achats@cci.fr' });
      await t.deliverMails();
    });
    after(() => t.close());

    const consulterCR = async (c: CproConnector, numeroFluxDepot: string) => {
      const res = await c.call('transverses/v1/consulterCR', { numeroFluxDepot });
      if (res.status === 200) consulterCrAnswer.parse(res.body);
      return res;
    };
    const consulterCRDetaille = async (c: CproConnector, numeroFluxDepot: string) => {
      const res = await c.call('transverses/v1/consulterCRDetaille', { numeroFluxDepot });
      if (res.status === 200) consulterCrDetailleAnswer.parse(res.body);
      return res;
    };

    test('deposer/flux with a Factur-X (IN_DP_E2_CII_FACTURX): numeroFluxDepot, then consulterCR until IN_INTEGRE with its PDF report', async () => {
      const res = await connector.call('factures/v1/deposer/flux', {
        fichierFlux: b64(await facturx('CPRO-FX-1')),
        nomFichier: 'facture-cpro.pdf',
        syntaxeFlux: 'IN_DP_E2_CII_FACTURX',
        avecSignature: false,
      });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.equal(res.body.codeRetour, 0);
      assert.match(res.body.numeroFluxDepot, /^\d{14}$/);
      assert.equal(res.body.syntaxeFlux, 'IN_DP_E2_CII_FACTURX');
      flows.facturx = res.body.numeroFluxDepot;
      const before = await consulterCR(connector, flows.facturx);
      assert.equal(before.body.etatCourantFlux, 'IN_RECU');
      await t.app.outbox.runDueJobs();
      const after = await consulterCR(connector, flows.facturx);
      assert.equal(after.body.etatCourantFlux, 'IN_INTEGRE', JSON.stringify(after.body).slice(0, 300));
      assert.equal(after.body.nomFichierFlux, 'facture-cpro.pdf');
      assert.equal(after.body.codeInterfaceFlux, 'IN_DP_E2_CII_FACTURX');
      const text = await pdfText(after.body.fichierCR);
      assert.ok(text.includes(flows.facturx), 'the PDF report names the flow');
      assert.match(text, /Intégré/);
      const inv = await t.app.ctx.db
        .selectFrom('invoices')
        .select(['status', 'deposit_mode'])
        .where('number', '=', 'CPRO-FX-1')
        .executeTakeFirstOrThrow();
      assert.equal(inv.deposit_mode, 'UPLOAD_API');
      assert.notEqual(inv.status, 'BROUILLON');
      const detail = await consulterCRDetaille(connector, flows.facturx);
      assert.deepEqual(detail.body.listeErreurDP, []);
      assert.equal(detail.body.listeFacturesIntegrees[0].numeroDP, 'CPRO-FX-1');
    });

    test('a 20-invoice .tar.gz with 2 bad files: consulterCRDetaille lists the 2 refusals with their reasons', async () => {
      const entries = Array.from({ length: 20 }, (_, i) => ({
        name: `f${i + 1}.xml`,
        bytes:
          i === 2
            ? Buffer.from('<pas-une-facture/>')
            : i === 9
              ? fiveLineUbl('CPRO-LOT-1')
              : fiveLineUbl(`CPRO-LOT-${i + 1}`),
      }));
      const res = await connector.call('factures/v1/deposer/flux', {
        fichierFlux: b64(tarGz(entries)),
        nomFichier: 'lot_0001',
        syntaxeFlux: 'IN_DP_E1_UBL_INVOICE',
      });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      await t.app.outbox.runDueJobs();
      const detail = await consulterCRDetaille(connector, res.body.numeroFluxDepot);
      assert.equal(detail.body.etatCourantDepotFlux, 'IN_INTEGRE_PARTIEL');
      assert.equal(detail.body.nomFichier, 'lot_0001.tar.gz');
      assert.equal(detail.body.listeErreurDP.length, 2);
      const [notInvoice, duplicate] = detail.body.listeErreurDP;
      assert.match(notInvoice.libelleErreurDP, /f3\.xml.*n’est pas une facture lisible/);
      assert.equal(duplicate.numeroDP, 'CPRO-LOT-1');
      assert.equal(duplicate.identifiantFournisseur, lecointre.identifier);
      assert.equal(duplicate.identifiantDestinataire, CCI);
      assert.match(duplicate.libelleErreurDP, /CPRO-LOT-1.*déjà été envoyée/);
      assert.equal(detail.body.listeFacturesIntegrees.length, 18);
    });

    test('an unreadable flow: IN_REJETE with its technical error; an unknown syntax is refused at once', async () => {
      const res = await connector.call('factures/v1/deposer/flux', {
        fichierFlux: b64(Buffer.from('ceci n’est pas un flux')),
        nomFichier: 'flux.xml',
      });
      assert.equal(res.status, 200);
      await t.app.outbox.runDueJobs();
      const detail = await consulterCRDetaille(connector, res.body.numeroFluxDepot);
      assert.equal(detail.body.etatCourantDepotFlux, 'IN_REJETE');
      assert.match(detail.body.listeErreurTechnique[0].libelleErreur, /n’est pas une facture lisible/);
      const xcbl = await connector.call('factures/v1/deposer/flux', {
        fichierFlux: b64(fiveLineUbl('X-1')),
        nomFichier: 'flux.xml',
        syntaxeFlux: 'IN_DP_E1_XCBL',
      });
      assert.equal(xcbl.status, 400);
      assert.equal(xcbl.body.codeRetour, 20002);
      assert.match(xcbl.body.libelle, /IN_DP_E1_XCBL n’est pas prise en charge/);
      const notBase64 = await connector.call('factures/v1/deposer/flux', { fichierFlux: '%%%', nomFichier: 'a.xml' });
      assert.equal(notBase64.status, 400);
      assert.match(notBase64.body.libelle, /base64/);
    });

    test('the same deposer/flux replayed with its Idempotency-Key makes one flow', async () => {
      const body = { fichierFlux: b64(fiveLineUbl('CPRO-IDEM-1')), nomFichier: 'idem.xml' };
      const first = await connector.call('factures/v1/deposer/flux', body, { 'Idempotency-Key': 'flux-idem-1' });
      const again = await connector.call('factures/v1/deposer/flux', body, { 'Idempotency-Key': 'flux-idem-1' });
      assert.equal(again.body.numeroFluxDepot, first.body.numeroFluxDepot);
      assert.equal(again.headers['idempotent-replayed'], 'true');
    });

    test('deposer/pdf: the PDF is read at once, its values proposed (INTERPRETEE_OCR), a draft kept in DEPOT_PDF_API', async () => {
      const res = await connector.call('factures/v1/deposer/pdf', {
        fichierFacture: b64(await plainPdf()),
        nomFichier: 'facture-ocr.pdf',
        formatDepot: 'PDF_NON_SIGNE',
      });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.equal(res.body.statutFacture, 'INTERPRETEE_OCR');
      assert.equal(res.body.numeroFacture, 'OCR-2026-7');
      assert.equal(res.body.codeFournisseur, lecointre.identifier);
      assert.equal(res.body.montantHtTotal, 100);
      const inv = await t.app.ctx.db
        .selectFrom('invoices')
        .select(['status', 'deposit_mode'])
        .where('id', '=', res.body.identifiantFactureCPP)
        .executeTakeFirstOrThrow();
      assert.deepEqual(inv, { status: 'BROUILLON', deposit_mode: 'DEPOT_PDF_API' });
      const signed = await connector.call('factures/v1/deposer/pdf', {
        fichierFacture: b64(await plainPdf()),
        nomFichier: 'facture.pdf',
        formatDepot: 'PDF_SIGNE_PADES',
      });
      assert.equal(signed.status, 400);
    });

    test('a technical account of another structure never reads the flow', async () => {
      for (const op of ['transverses/v1/consulterCR', 'transverses/v1/consulterCRDetaille']) {
        const res = await other.call(op, { numeroFluxDepot: flows.facturx });
        assert.equal(res.status, 404, op);
        assert.equal(res.body.codeRetour, 20000);
        assert.ok(!JSON.stringify(res.body).includes('facture-cpro.pdf'));
      }
      const unknown = await connector.call('transverses/v1/consulterCR', { numeroFluxDepot: '20269999999999' });
      assert.equal(unknown.status, 404);
    });
  });
}
