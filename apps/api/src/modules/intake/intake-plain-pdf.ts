import { ibanProblem, type DepositMode } from '@chorale/domain';
import { readPlainPdf, siretValid, type Proposal } from '@chorale/einvoice';
import type { DepositItem, Guess } from '@chorale/contracts';
import type { AppContext } from '../../platform/context.ts';
import { isoNow } from '../../platform/context.ts';
import { guessedTypedTotals, typedAmounts, typedTotalsColumns } from './typed-totals.ts';
import { reportLines } from './report.ts';
import type { DirectoryCache } from './resolve-parties.ts';
import { createDepositedDraft, type FlowEntryRef } from './create-deposited-draft.ts';
import { duplicateOf, finishItem, refused } from './deposit-item.ts';

const guess = (field: Guess['field'], p: Proposal<string> | null | undefined): Guess[] =>
  p ? [{ field, value: p.value, confidence: p.confidence, evidence: p.evidence.slice(0, 200) }] : [];

/** IBANs written in the text (checked by their key), for « Coordonnées bancaires ». */
function ibansIn(text: string): Guess[] {
  const out: Guess[] = [];
  for (const m of text.matchAll(/\b([A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]{4}){3,7}(?:[ ]?[A-Z0-9]{1,3})?)\b/g)) {
    const iban = m[1]!.replace(/\s/g, '');
    if (!ibanProblem(iban) && !out.some((g) => g.value === iban))
      out.push({ field: 'iban', value: iban, confidence: 0.9, evidence: m[0] });
  }
  return out;
}

/**
 * « PDF non signé »: the PDF is read (text layer, or OCR of a scan, reporting progress) and the
 * draft pre-filled with what the recogniser proposes, each value a guess « à vérifier »; the
 * depositor checks and completes it like a typed invoice. Never sent in the same call: a person
 * must look at the guesses first.
 */
export async function intakePlainPdf(
  ctx: AppContext,
  cache: DirectoryCache,
  file: { fileName: string; bytes: Buffer },
  mode: DepositMode,
  supplierStructureId: number | undefined,
  onProgress: (fraction: number, stage: string) => void,
  entry?: FlowEntryRef,
): Promise<DepositItem> {
  const base = { fileName: file.fileName, format: 'PDF_NON_SIGNE' as const };
  const read = await readPlainPdf(file.bytes, {
    onProgress: (p) =>
      onProgress(
        (p.page - 1 + (p.status === 'recognizing text' ? p.progress : 0)) / Math.max(1, p.pages),
        `Reconnaissance du texte (OCR), page ${p.page} sur ${p.pages}`,
      ),
  });
  const report = reportLines(read.findings, null);
  const r = read.recognition;
  const sirets = (r?.sirets ?? []).filter((s) => siretValid(s.value.replace(/\s/g, '')));
  let supplierId = supplierStructureId ?? null;
  if (supplierId === null)
    for (const s of sirets) {
      const known = await cache.structure(s.value.replace(/\s/g, ''), null);
      if (known && !(await cache.mayDeposit(known.id))) {
        supplierId = known.id;
        break;
      }
    }
  if (supplierId === null) {
    const message =
      'Choisissez la structure émettrice : aucun SIRET lu dans le PDF ne correspond à une structure dont vous pouvez émettre les factures.';
    return refused(base, `Refusée : ${message}`, report, { supplierStructureId: message });
  }
  const forbidden = await cache.mayDeposit(supplierId);
  if (forbidden) return refused(base, `Refusée : ${forbidden}`, report, { supplierStructureId: forbidden });

  const guesses: Guess[] = [...guess('number', r?.invoiceNumber), ...guess('invoiceDate', r?.issueDate)];
  const fields: Record<string, string> = {};
  let recipientId: number | null = null;
  for (const s of sirets) {
    const siret = s.value.replace(/\s/g, '');
    const known = await cache.structure(siret, null);
    if (known?.id === supplierId) guesses.push(...guess('supplierIdentifier', s));
    else if (recipientId === null && (await cache.structure(siret, 'PUBLIQUE'))) {
      recipientId = known!.id;
      guesses.push(...guess('recipientIdentifier', s));
    }
  }
  guesses.push(
    ...guess('totalNet', r?.totalWithoutVat),
    ...guess('totalVat', r?.vatTotal),
    ...guess('totalGross', r?.totalWithVat),
    ...guess('netPayable', r?.amountDue),
  );
  const ibans = ibansIn(read.pages.join('\n'));
  const banks = await cache.bankAccounts(supplierId);
  const bank = banks.find((b) => ibans.some((g) => g.value === b.iban));
  guesses.push(...ibans.slice(0, 1));

  let number = r?.invoiceNumber?.value.slice(0, 20) ?? null;
  if (number && !/^[A-Za-z0-9_\-/.]+$/.test(number)) number = null;
  if (number) {
    const earlier = await duplicateOf(ctx.db, supplierId, number);
    if (earlier) {
      fields.number = earlier.charAt(0).toUpperCase() + earlier.slice(1);
      number = null;
    }
  }
  if (recipientId === null) fields.recipientIdentifier = 'Indiquez le SIRET du destinataire (non lu dans le PDF).';

  // The totals read are « Montants totaux » to check; a VAT rate deduced from them is the first
  // line of « Saisir le détail de la TVA ».
  const typed = guessedTypedTotals(guesses);
  const created = await createDepositedDraft(ctx, cache, {
    supplierStructureId: supplierId,
    recipientStructureId: recipientId,
    recipientServiceId: null,
    bankAccountId: bank?.id ?? null,
    header: {
      type: 'FACTURE',
      currency: 'EUR',
      vat_type: 'TVA_SUR_DEBIT',
      exemption_reason: null,
      market_number: null,
      commitment_number: null,
      original_invoice_number: null,
      payment_mode: 'VIREMENT',
      number,
      invoice_date: r?.issueDate?.value ?? isoNow(ctx).slice(0, 10),
      comment: null,
    },
    lines: [],
    totals: typedTotalsColumns(typed),
    amounts: typedAmounts(typed),
    attachments: [],
    original: { ...file, format: 'PDF_NON_SIGNE' },
    depositMode: mode,
    report,
    guesses,
    entry,
  });
  return finishItem(ctx, cache.userId, { ...base, ...created, number }, report, fields, guesses, false);
}
