import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { PDFDict, PDFDocument, PDFName } from 'pdf-lib';
import { certificateDigest, depositDocument } from '../certificate.ts';
import type { InvoiceView } from '../invoice-view.ts';
import { certificatePdf, howToCheck } from './certificate-pdf.ts';
import { invoicePdf } from './invoice-pdf.ts';

async function pdfText(bytes: Uint8Array): Promise<string> {
  const { extractText, getDocumentProxy } = await import('unpdf');
  const { text } = await extractText(await getDocumentProxy(new Uint8Array(bytes)), { mergePages: true });
  return text.replace(/\s+/g, ' ');
}
const party = (identifier: string, name: string) => ({
  id: 1,
  identifier,
  identifierType: 'SIRET',
  name,
  address: '64 RUE MEDERIC',
  postalCode: '92250',
  city: 'LA GARENNE-COLOMBES',
  countryCode: 'FR',
});

/** A sent invoice as invoiceView gives it, with names outside WinAnsi. */
function view(): InvoiceView {
  const v = {
    id: 7,
    draftNumber: 'TMP2026000000000007',
    number: '20260000000007',
    status: 'MISE_A_DISPOSITION',
    statusAt: '2026-12-01T04:30:05.000Z',
    depositedAt: '2026-12-01T04:30:00.000Z',
    madeAvailableAt: '2026-12-01T04:30:05.000Z',
    certificate: '',
    supplier: party('89934607600024', 'LECOINTRE PARIS – Łukasz Żółć’s'),
    supplierService: null,
    recipient: party('13001727000013', 'CCI REGION PARIS ILE FRANCE'),
    recipientService: { id: 3, code: 'ACHATS', name: 'Achats' },
    billingFramework: 'A1_FACTURE_FOURNISSEUR',
    currency: 'EUR',
    type: 'FACTURE',
    vatType: 'TVA_SUR_DEBIT',
    exemptionReason: '',
    marketNumber: '',
    commitmentNumber: 'EJ-442136',
    originalInvoiceNumber: '',
    paymentMode: 'VIREMENT',
    invoiceDate: '2026-11-30',
    bankAccount: { id: 1, holderName: 'LECOINTRE PARIS', iban: 'FR7630006000011234567890189', bic: 'BNPAFRPP' },
    comment: 'Livraison à Αθήνα et Москва',
    globalDiscount: '0',
    globalDiscountReason: '',
    totals: {
      netCents: 2_469_000,
      vatCents: 246_900,
      grossCents: 2_715_900,
      globalDiscountCents: 0,
      afterDiscountCents: 2_715_900,
      netPayableCents: 2_715_900,
    },
    lines: [
      {
        id: 1,
        position: 1,
        reference: 'CH-TOLUX',
        name: 'Chaises A Tolux',
        quantity: '20',
        unit: 'pièce',
        unitPrice: '1234.5',
        discount: '0',
        vatRate: '10',
        netCents: 2_469_000,
        grossCents: 2_715_900,
      },
    ],
    attachments: [],
    history: [],
  } as unknown as InvoiceView; // the shape invoiceView gives, typed loosely for the fixture
  v.certificate = certificateDigest(depositDocument(v));
  return v;
}

describe('issue 14: the invoice PDF carries what French law requires between professionals', () => {
  test('due date and payment terms, penalty rate, 40 € indemnity, both VAT numbers, IBAN in fours', async () => {
    const text = await pdfText(await invoicePdf(view()));
    assert.match(text, /Date d’échéance 31\/12\/2026/, 'received on 1 December (Paris), due 30 days later');
    assert.match(text, /à 30 jours à compter de la réception de la facture/);
    assert.match(text, /majoré de huit points/);
    assert.match(text, /Indemnité forfaitaire pour frais de recouvrement 40,00 €/);
    assert.match(text, /aucun escompte pour paiement anticipé/);
    assert.match(text, /N° de TVA intracommunautaire : FR\d{2}899346076/, 'the supplier’s');
    assert.match(text, /N° de TVA intracommunautaire : FR\d{2}130017270/, 'the recipient’s');
    assert.match(text, /IBAN FR76 3000 6000 0112 3456 7890 189/);
  });

  test('every amount is formatted the same way (a unit price like a total)', async () => {
    const text = await pdfText(await invoicePdf(view()));
    assert.match(text, /1 234,50/, 'the unit price, grouped, two decimals (was « 1234.5 »)');
    assert.match(text, /24 690,00/);
    assert.match(text, /27 159,00 €/);
    assert.ok(!/\d\.\d/.test(text.replace(/\d{2}\/\d{2}\/\d{4}/g, '')), 'no decimal point anywhere');
  });

  test('a Unicode font is embedded as a subset: no « ? » for Polish, Greek, Cyrillic or « ’ »', async () => {
    const bytes = await invoicePdf(view());
    const text = await pdfText(bytes);
    for (const s of ['Łukasz Żółć’s', 'Αθήνα', 'Москва']) assert.ok(text.includes(s), `${s} is printed as typed`);
    assert.ok(!text.includes('?'), 'nothing replaced by « ? »');
    const doc = await PDFDocument.load(bytes);
    const dicts = doc.context
      .enumerateIndirectObjects()
      .map(([, o]) => o)
      .filter((o): o is PDFDict => o instanceof PDFDict);
    const baseFonts = dicts
      .filter((d) => d.get(PDFName.of('Type')) === PDFName.of('Font') && d.has(PDFName.of('BaseFont')))
      .map((d) => String(d.get(PDFName.of('BaseFont'))));
    assert.ok(
      baseFonts.length > 0 && baseFonts.every((f) => /^\/NotoSans-(Regular|Bold)/.test(f)),
      baseFonts.join(' '),
    );
    assert.ok(
      dicts.some((d) => d.has(PDFName.of('FontFile2'))),
      'the font file is embedded',
    );
    assert.ok(bytes.length < 200_000, `a subset, not the whole 600 kB font files (${bytes.length} bytes)`);
  });
});

describe('issue 14: the deposit certificate reads as proof for an accountant', () => {
  test('Paris date and time in words, the essentials, the fingerprint and how to check it', async () => {
    const v = view();
    const text = await pdfText(await certificatePdf(v));
    assert.match(text, /déposée le mardi 1 décembre 2026 à 05 h 30 min 00 s \(heure de Paris\)/);
    for (const s of [
      'LECOINTRE PARIS',
      'CCI REGION PARIS ILE FRANCE',
      '20260000000007',
      '30/11/2026',
      'EJ-442136',
      'Net à payer 27 159,00 €',
      v.certificate!,
      howToCheck,
    ])
      assert.ok(text.includes(s), `the certificate shows ${s}`);
  });

  test('the recipe of docs/adr/0003 recomputes the fingerprint from the exported data', (t) => {
    const v = view();
    const exported = JSON.stringify({ certificate: v.certificate, document: depositDocument(v) });
    const jq = spawnSync('sh', ['-c', 'jq -cjS .document | openssl dgst -sha256 -binary | base64'], {
      input: exported,
      encoding: 'utf8',
    });
    if (jq.error || jq.status !== 0) return t.skip('jq and openssl are not installed here');
    assert.equal(jq.stdout.trim(), v.certificate);
  });
});
