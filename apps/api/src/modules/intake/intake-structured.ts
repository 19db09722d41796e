import type { DepositFormat, DepositMode } from '@chorale/domain';
import type { ValidationReport } from '@chorale/einvoice';
import type { DepositItem, ReportLine } from '@chorale/contracts';
import type { AppContext } from '../../platform/context.ts';
import { mapInvoice, siretsOf, type MappedInvoice } from './map-invoice.ts';
import { chorale, reportLines } from './report.ts';
import { firstKnown, type DirectoryCache } from './resolve-parties.ts';
import { createDepositedDraft, type FlowEntryRef } from './create-deposited-draft.ts';
import { duplicateOf, finishItem, refused } from './deposit-item.ts';

/**
 * A UBL, CII or Factur-X file becomes a draft that keeps the file's data: the supplier by its
 * SIRET (the depositor must be allowed to issue its invoices), the recipient and its service from
 * the directory. A recipient, service or commitment missing or unknown is said on its field and
 * the draft is kept, so that the depositor completes it.
 */
export async function intakeStructured(
  ctx: AppContext,
  cache: DirectoryCache,
  file: { fileName: string; bytes: Buffer; format: DepositFormat },
  validation: ValidationReport,
  mode: DepositMode,
  submit: boolean,
  entry?: FlowEntryRef,
): Promise<DepositItem> {
  const invoice = validation.invoice!;
  const item = await structuredItem(ctx, cache, file, validation, mode, submit, entry);
  // What the file says of itself goes with its result, refused or not: a flow's report names it.
  const read = {
    number: invoice.invoiceNumber?.trim().slice(0, 100) || null,
    supplierIdentifier: siretsOf(invoice.seller)[0] ?? null,
    recipientIdentifier: siretsOf(invoice.buyer)[0] ?? null,
  };
  return { ...item, read };
}

async function structuredItem(
  ctx: AppContext,
  cache: DirectoryCache,
  file: { fileName: string; bytes: Buffer; format: DepositFormat },
  validation: ValidationReport,
  mode: DepositMode,
  submit: boolean,
  entry?: FlowEntryRef,
): Promise<DepositItem> {
  const base = { fileName: file.fileName, format: file.format };
  const invoice = validation.invoice!;
  let report: ReportLine[] = reportLines(validation.findings, invoice);
  let mapped: MappedInvoice;
  try {
    mapped = mapInvoice(invoice);
  } catch {
    report.push(
      chorale('CHORALE-VALEURS', 'fatal', null, null, 'Des montants ou quantités du fichier sont illisibles.'),
    );
    return refused(base, 'Refusée : des montants ou quantités du fichier sont illisibles.', report);
  }
  report = [...report, ...mapped.report];

  const supplier = await firstKnown(cache, mapped.supplierSirets, null);
  if (!supplier) {
    const sirets = mapped.supplierSirets.join(', ') || 'aucun';
    const message = `Refusée : le fournisseur de la facture (BT-29 / BT-30, SIRET ${sirets}) n’est pas une structure de Chorale. Le fichier doit porter le SIRET de votre structure (schéma 0009).`;
    return refused(base, message, report, { supplierStructureId: message });
  }
  const forbidden = await cache.mayDeposit(supplier.id);
  if (forbidden) return refused(base, `Refusée : ${forbidden}`, report, { supplierStructureId: forbidden });
  if (!mapped.header.invoice_date) {
    const message = 'Refusée : la facture n’a pas de date d’émission (BT-2).';
    return refused(base, message, report, { invoiceDate: message });
  }
  if (mapped.header.number) {
    const earlier = await duplicateOf(ctx.db, supplier.id, mapped.header.number);
    if (earlier) return refused(base, `Refusée : ${earlier}`, report, { number: earlier });
  }

  const fields: Record<string, string> = {};
  const recipient = await firstKnown(cache, mapped.recipientSirets, 'PUBLIQUE');
  if (!recipient)
    fields.recipientIdentifier = mapped.recipientSirets.length
      ? `Le destinataire de la facture (BT-46 / BT-47, SIRET ${mapped.recipientSirets.join(', ')}) n’est pas une entité publique de l’annuaire : indiquez le SIRET de votre client.`
      : 'La facture ne porte pas le SIRET du destinataire (BT-46 / BT-47, schéma 0009) : indiquez le SIRET de votre client.';
  let recipientServiceId: number | null = null;
  if (recipient && mapped.serviceCode) {
    const service = await cache.service(recipient.id, mapped.serviceCode);
    if (service) recipientServiceId = service.id;
    else
      fields.recipientServiceCode = `Le destinataire n’a pas de service de code « ${mapped.serviceCode} » (BT-10) : choisissez un service de l’annuaire.`;
  }
  const bank = mapped.iban ? (await cache.bankAccounts(supplier.id)).find((b) => b.iban === mapped.iban) : undefined;

  const created = await createDepositedDraft(ctx, cache, {
    supplierStructureId: supplier.id,
    recipientStructureId: recipient?.id ?? null,
    recipientServiceId,
    bankAccountId: bank?.id ?? null,
    header: mapped.header,
    lines: mapped.lines,
    totals: mapped.totals,
    amounts: mapped.amounts,
    attachments: mapped.attachments,
    original: file,
    depositMode: mode,
    report,
    guesses: [],
    entry,
  }).catch(async (e: unknown) => {
    // In a batch's group the failed write spoilt the group's transaction: the group is written
    // again, one invoice to a transaction (deposit-files.ts), and this one answered there.
    if (ctx.db.isTransaction) throw e;
    // Two deposits of one number at once: the unique index decides, the second is told why.
    const earlier = mapped.header.number ? await duplicateOf(ctx.db, supplier.id, mapped.header.number) : null;
    if (earlier) return earlier;
    throw e;
  });
  if (typeof created === 'string') return refused(base, `Refusée : ${created}`, report, { number: created });
  return finishItem(
    ctx,
    cache.userId,
    { ...base, ...created, number: mapped.header.number },
    report,
    fields,
    [],
    submit,
  );
}
