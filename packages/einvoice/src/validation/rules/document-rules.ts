import type { Address, AllowanceCharge, Party } from '../../model/invoice.ts';
import { present } from './amounts.ts';
import { locate } from './locations.ts';
import type { RuleContext } from './rule-context.ts';
import { isVat } from './vat-scheme.ts';
import { first } from '../../xml/xml-node.ts';

function hasCountry(address: Address | null): boolean {
  return present(address?.countryCode);
}

/** BR-01..BR-11, BR-16..BR-20, BR-49..BR-57, BR-61..BR-63, BR-CO-03, BR-CO-19, BR-CO-25, BR-CO-26. */
export function checkDocument(ctx: RuleContext): void {
  const { inv } = ctx;
  const at = (key: string, i?: number, sub?: string) => locate(inv, key, i, sub);
  if (!present(inv.customizationId))
    ctx.fail(
      'BR-01',
      at('customizationId'),
      "Indiquez l'identifiant de spécification (BT-24), par exemple urn:cen.eu:en16931:2017.",
    );
  if (!present(inv.invoiceNumber)) ctx.fail('BR-02', at('invoiceNumber'), 'Indiquez le numéro de facture (BT-1).');
  if (!present(inv.issueDate)) ctx.fail('BR-03', at('issueDate'), "Indiquez la date d'émission de la facture (BT-2).");
  if (!present(inv.typeCode))
    ctx.fail('BR-04', at('typeCode'), 'Indiquez le code de type de facture (BT-3), par exemple 380.');
  if (!present(inv.currency))
    ctx.fail('BR-05', at('currency'), 'Indiquez le code de devise de la facture (BT-5), par exemple EUR.');
  if (!present(inv.seller.name)) ctx.fail('BR-06', at('seller'), 'Indiquez la raison sociale du vendeur (BT-27).');
  if (!present(inv.buyer.name)) ctx.fail('BR-07', at('buyer'), "Indiquez la raison sociale de l'acheteur (BT-44).");
  if (!(inv.seller.address !== null)) ctx.fail('BR-08', at('seller'), "Indiquez l'adresse postale du vendeur (BG-5).");
  if (inv.seller.address || ctx.isCii)
    if (!hasCountry(inv.seller.address))
      ctx.fail('BR-09', at('seller'), "Indiquez le code pays de l'adresse du vendeur (BT-40).");
  if (!(inv.buyer.address !== null)) ctx.fail('BR-10', at('buyer'), "Indiquez l'adresse postale de l'acheteur (BG-8).");
  if (inv.buyer.address || ctx.isCii)
    if (!hasCountry(inv.buyer.address))
      ctx.fail('BR-11', at('buyer'), "Indiquez le code pays de l'adresse de l'acheteur (BT-55).");
  if (!(inv.lines.length > 0))
    ctx.fail('BR-16', at('lines', 0), 'Une facture doit comporter au moins une ligne (BG-25).');

  checkPayee(ctx);
  checkTaxRepresentative(ctx);

  inv.paymentMeans.forEach((p, i) => {
    if (!(p.typeCode !== null))
      ctx.fail(
        'BR-49',
        at('paymentMeans', i),
        'Indiquez le code du moyen de paiement (BT-81), par exemple 30 (virement) ou 58 (virement SEPA).',
      );
    const transfer = p.typeCode === '30' || p.typeCode === '58';
    if (transfer) {
      p.creditTransfers.forEach((t) => {
        if (!present(t.accountId))
          ctx.fail('BR-50', at('paymentMeans', i), "Indiquez l'IBAN ou le numéro du compte à créditer (BT-84).");
      });
      const hasAccount = p.creditTransfers.some((t) => t.accountId !== null);
      if (ctx.isCii) {
        p.creditTransfers.forEach((t) => {
          if (!(t.accountId !== null))
            ctx.fail('BR-61', at('paymentMeans', i), 'Pour un virement, indiquez le compte à créditer (BT-84).');
        });
      } else {
        if (!hasAccount)
          ctx.fail(
            'BR-61',
            at('paymentMeans', i),
            'Pour un virement (code 30 ou 58), indiquez le compte à créditer (BT-84).',
          );
      }
    }
    if (p.card?.pan !== null && p.card?.pan !== undefined) {
      if (!(p.card.pan.replace(/\s+/g, ' ').trim().length <= 10))
        ctx.fail(
          'BR-51',
          at('paymentMeans', i),
          "N'indiquez que les 4 à 6 derniers chiffres du numéro de carte (BT-87), jamais le numéro complet.",
        );
    }
  });
  inv.attachments.forEach((a, i) => {
    if (!present(a.id))
      ctx.fail('BR-52', at('attachments', i), 'Indiquez la référence de chaque pièce justificative (BT-122).');
  });
  // Other additional document references (invoiced object, tender, project) need an id too.
  const otherReferences = [
    inv.invoicedObjectId?.value,
    ctx.isCii ? inv.tenderReference : null,
    inv.syntax === 'UBL-CreditNote' ? inv.projectReference : null,
    ...(ctx.isCii ? inv.lines.map((l) => l.objectId?.value) : []),
  ];
  for (const ref of otherReferences)
    if (ref !== null && ref !== undefined)
      if (!present(ref)) ctx.fail('BR-52', at('attachments'), "Indiquez l'identifiant de chaque document référencé.");
  if (present(inv.taxCurrency)) {
    const ok = ctx.isCii
      ? inv.totals.vatTotalInTaxCurrency !== null && inv.taxCurrency !== inv.currency
      : inv.totals.vatTotalInTaxCurrency !== null;
    if (!ok)
      ctx.fail(
        'BR-53',
        at('totals'),
        'Une devise de TVA (BT-6) est indiquée : donnez le montant total de TVA dans cette devise (BT-111).',
      );
  }
  inv.precedingInvoices.forEach((p, i) => {
    if (!present(p.number))
      ctx.fail('BR-55', at('precedingInvoices', i), 'Indiquez le numéro de la facture antérieure référencée (BT-25).');
  });
  if (inv.delivery?.address) {
    if (!(ctx.isCii ? hasCountry(inv.delivery.address) : inv.delivery.address.countryCode !== null))
      ctx.fail('BR-57', at('delivery'), "Indiquez le code pays de l'adresse de livraison (BT-80).");
  }
  for (const [party, rule, key, label] of [
    [inv.seller, 'BR-62', 'seller', 'BT-34'],
    [inv.buyer, 'BR-63', 'buyer', 'BT-49'],
  ] as const) {
    if (party.electronicAddress)
      if (!present(party.electronicAddress.scheme))
        ctx.fail(
          rule,
          at(key),
          `Indiquez le schéma (schemeID) de l'adresse électronique (${label}), par exemple 0009 pour un SIRET.`,
        );
  }

  const vatPointCode = inv.vatPointDateCode !== null;
  // CII checks it from each VAT breakdown that no category-specific rule claims first (L, M, O).
  const evaluated =
    !ctx.isCii || inv.vatBreakdown.some((v) => !(isVat(v) && ['L', 'M', 'O'].includes(v.category ?? '')));
  if (evaluated)
    if (inv.taxPointDate !== null && vatPointCode)
      ctx.fail(
        'BR-CO-03',
        ctx.isCii ? at('vatBreakdown', 0) : at('taxPointDate'),
        "N'indiquez pas à la fois la date d'exigibilité de la TVA (BT-7) et son code (BT-8) : gardez l'un des deux.",
      );
  checkPeriod(ctx);
  checkSellerIdentified(ctx);
}

function checkPayee(ctx: RuleContext): void {
  const { inv } = ctx;
  const payee = inv.payee;
  if (!payee) return;
  const seller = inv.seller;
  const sameIds = payee.ids.some((p) => seller.ids.some((s) => s.value === p.value));
  let ok: boolean;
  if (ctx.isCii) {
    const sameLegal = payee.legalId !== null && seller.legalId !== null && payee.legalId.value === seller.legalId.value;
    ok = payee.name !== null && payee.name !== seller.name && !sameIds && !sameLegal;
  } else {
    ok = payee.name !== null && payee.name !== seller.tradingName && !sameIds;
  }
  if (!ok)
    ctx.fail(
      'BR-17',
      locate(inv, 'payee'),
      'Le bénéficiaire du paiement doit avoir un nom (BT-59) et être distinct du vendeur ; sinon, supprimez le bloc bénéficiaire.',
    );
}

function checkTaxRepresentative(ctx: RuleContext): void {
  const { inv } = ctx;
  const rep = inv.taxRepresentative;
  if (!rep) return;
  const at = locate(inv, 'taxRepresentative');
  if (!present(rep.name)) ctx.fail('BR-18', at, 'Indiquez le nom du représentant fiscal du vendeur (BT-62).');
  if (!(rep.address !== null)) ctx.fail('BR-19', at, "Indiquez l'adresse postale du représentant fiscal (BG-12).");
  if (rep.address || ctx.isCii)
    if (!hasCountry(rep.address))
      ctx.fail('BR-20', at, "Indiquez le code pays de l'adresse du représentant fiscal (BT-69).");
  if (!present(rep.vatId)) ctx.fail('BR-56', at, 'Indiquez le numéro de TVA du représentant fiscal (BT-63).');
}

function checkPeriod(ctx: RuleContext): void {
  const { inv } = ctx;
  const p = inv.invoicingPeriod;
  const at = locate(inv, 'invoicingPeriod');
  if (p && p.start && p.end)
    if (!(p.end >= p.start))
      ctx.fail(
        'BR-29',
        at,
        'La date de fin de période de facturation (BT-74) doit être postérieure ou égale à la date de début (BT-73).',
      );
  if (p)
    if (!(p.start !== null || p.end !== null || (!ctx.isCii && inv.vatPointDateCode !== null)))
      ctx.fail('BR-CO-19', at, 'Une période de facturation doit indiquer une date de début (BT-73) ou de fin (BT-74).');
}

function checkSellerIdentified(ctx: RuleContext): void {
  const s: Party = ctx.inv.seller;
  const sellerElement = ctx.isCii
    ? first(ctx.root, 'rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeAgreement/ram:SellerTradeParty')
    : first(ctx.root, 'cac:AccountingSupplierParty');
  if (!sellerElement) return;
  const ok = ctx.isCii
    ? s.ids.length > 0 || s.legalId !== null || s.vatId !== null
    : s.vatId !== null || s.ids.some((id) => id.scheme !== 'SEPA') || s.legalId !== null;
  if (!ok)
    ctx.fail(
      'BR-CO-26',
      locate(ctx.inv, 'seller'),
      'Identifiez le vendeur : SIRET/identifiant (BT-29), SIREN/immatriculation (BT-30) ou numéro de TVA (BT-31).',
    );
}

/** BR-31..BR-33, BR-36..BR-38, BR-CO-21, BR-CO-22 on document-level allowances and charges. */
export function checkDocumentAllowances(ctx: RuleContext): void {
  ctx.inv.allowanceCharges.forEach((ac: AllowanceCharge, i) => {
    const at = locate(ctx.inv, 'allowanceCharges', i);
    const [amount, category, reason, co] = ac.isCharge
      ? ['BR-36', 'BR-37', 'BR-38', 'BR-CO-22']
      : ['BR-31', 'BR-32', 'BR-33', 'BR-CO-21'];
    const what = ac.isCharge ? 'la charge' : 'la remise';
    if (!(ac.amount !== null))
      ctx.fail(
        amount!,
        at,
        `Indiquez le montant de ${what} au niveau du document (${ac.isCharge ? 'BT-99' : 'BT-92'}).`,
      );
    if (!(ac.vatCategory !== null && isVat(ac)))
      ctx.fail(category!, at, `Indiquez le code de catégorie de TVA de ${what} (${ac.isCharge ? 'BT-102' : 'BT-95'}).`);
    if (!(ac.reason !== null || ac.reasonCode !== null))
      ctx.fail(
        reason!,
        at,
        `Indiquez le motif de ${what} en clair ou codé (${ac.isCharge ? 'BT-104/BT-105' : 'BT-97/BT-98'}).`,
      );
    if (!(ac.reason !== null || ac.reasonCode !== null))
      ctx.fail(co!, at, `Indiquez le motif de ${what} en clair ou codé.`);
  });
}
