import { certificateDigest, depositDocument } from '../modules/invoices/certificate.ts';
import type { InvoiceView } from '../modules/invoices/invoice-view.ts';

/** The webinar's supplier: LECOINTRE PARIS, as « Créer une structure » submits it. */
export const lecointre = {
  identifierType: 'SIRET',
  identifier: '89934607600024',
  kind: 'PRIVEE',
  companyName: 'LECOINTRE PARIS',
  address: '64 RUE MEDERIC',
  city: 'LA GARENNE-COLOMBES',
  postalCode: '92250',
  countryCode: 'FR',
};

/** LECOINTRE PARIS's bank details (a valid French IBAN), so that an invoice paid by transfer may go. */
export const lecointreBank = { holderName: 'LECOINTRE PARIS', iban: 'FR7630006000011234567890189', bic: 'BNPAFRPP' };

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

/** A sent invoice as invoiceView gives it (PDF and serializer tests), with names outside WinAnsi. */
export function sentInvoiceView(): InvoiceView {
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
