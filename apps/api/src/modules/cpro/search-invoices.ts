import { z } from 'zod';
import { depositIdOfFlowNumber, flowNumberOf, invoiceStatuses, type InvoiceStatus } from '@chorale/domain';
import type { AppContext } from '../../platform/context.ts';
import { visibleInvoices } from '../invoices/invoice-scope.ts';
import type { CproActor } from './auth.ts';
import { cproDate, cproEuros, cproPaging, withoutEmpty } from './envelope.ts';

/**
 * `factures/v1/rechercher/fournisseur` and `…/recipiendaire`: the invoices the technical account
 * may see (the portal's scope of « Factures émises / reçues »), filtered and paged as Chorus Pro does.
 */

/** Statuses of the Swaggers' enums: a status Chorale has that a Swagger lacks is left out. */
const knownStatuses = new Set<string>(invoiceStatuses);

export const searchSchema = z
  .object({
    numeroFacture: z.string().optional(),
    typeFacture: z.string().optional(),
    statutCourant: z.array(z.string()).optional(),
    idFournisseur: z.number().int().optional(),
    idServiceFournisseur: z.number().int().optional(),
    idDestinataire: z.number().int().optional(),
    idServiceExecutant: z.number().int().optional(),
    listeDestinataire: z.array(z.object({ idDestinataire: z.number().int().optional() })).optional(),
    numeroBonCommande: z.string().optional(),
    numeroMarche: z.string().optional(),
    modeDepot: z.string().optional(),
    periodeDateDepotDu: z.string().optional(),
    periodeDateDepotAu: z.string().optional(),
    periodeDateFactureDu: z.string().optional(),
    periodeDateFactureAu: z.string().optional(),
    rejetTraite: z.boolean().optional(),
    /** The invoices integrated from one flow (`deposer/flux`): none for an unknown number. */
    numeroFluxDepot: z.string().optional(),
    factureTelechargeeParDestinataire: z.boolean().optional(),
    rechercheFactureParFournisseur: z.record(z.string(), z.unknown()).optional(),
    rechercheFactureRecipiendaire: z.record(z.string(), z.unknown()).optional(),
  })
  .passthrough();

export async function search(
  ctx: AppContext,
  actor: CproActor,
  side: 'issued' | 'received',
  body: z.infer<typeof searchSchema>,
) {
  const pagingInput = (side === 'issued' ? body.rechercheFactureParFournisseur : body.rechercheFactureRecipiendaire) as
    Record<string, number | string> | undefined;
  const paging = cproPaging(pagingInput ?? null);
  const visible = await visibleInvoices(ctx, actor.userId, side);
  if (!visible) return { total: 0, rows: [], paging };
  let q = visible;
  if (body.numeroFacture) q = q.where('i.number', '=', body.numeroFacture);
  if (body.typeFacture === 'FACTURE' || body.typeFacture === 'AVOIR') q = q.where('i.type', '=', body.typeFacture);
  const statuses = (body.statutCourant ?? []).filter((s): s is InvoiceStatus => knownStatuses.has(s));
  if (body.statutCourant?.length) q = statuses.length ? q.where('i.status', 'in', statuses) : q.where('i.id', '=', -1);
  if (body.idFournisseur) q = q.where('i.supplier_structure_id', '=', body.idFournisseur);
  if (body.idServiceFournisseur) q = q.where('i.supplier_service_id', '=', body.idServiceFournisseur);
  const recipients = [body.idDestinataire, ...(body.listeDestinataire ?? []).map((d) => d.idDestinataire)].filter(
    (v): v is number => typeof v === 'number',
  );
  if (recipients.length) q = q.where('i.recipient_structure_id', 'in', recipients);
  if (body.idServiceExecutant) q = q.where('i.recipient_service_id', '=', body.idServiceExecutant);
  if (body.numeroBonCommande) q = q.where('i.commitment_number', '=', body.numeroBonCommande);
  if (body.numeroMarche) q = q.where('i.market_number', '=', body.numeroMarche);
  if (body.modeDepot) q = q.where('i.deposit_mode', '=', body.modeDepot);
  if (body.periodeDateFactureDu) q = q.where('i.invoice_date', '>=', body.periodeDateFactureDu.slice(0, 10));
  if (body.periodeDateFactureAu) q = q.where('i.invoice_date', '<=', body.periodeDateFactureAu.slice(0, 10));
  if (body.periodeDateDepotDu) q = q.where('i.deposited_at', '>=', body.periodeDateDepotDu.slice(0, 10));
  if (body.periodeDateDepotAu) q = q.where('i.deposited_at', '<', `${body.periodeDateDepotAu.slice(0, 10)}T99`);
  if (body.rejetTraite === true) q = q.where('i.rejection_handled_at', 'is not', null);
  if (body.rejetTraite === false) q = q.where('i.rejection_handled_at', 'is', null);
  if (body.numeroFluxDepot !== undefined) {
    // The number carries the flow's year: the deposit must be that flow, not one of another year.
    const number = body.numeroFluxDepot.trim();
    const id = depositIdOfFlowNumber(number);
    const flow = id
      ? await ctx.db.selectFrom('deposits').select(['id', 'created_at']).where('id', '=', id).executeTakeFirst()
      : undefined;
    const depositId = flow && flowNumberOf(flow.id, flow.created_at) === number ? flow.id : -1;
    q = q.where('i.id', 'in', (eb) =>
      eb
        .selectFrom('deposit_entries as de')
        .select('de.invoice_id')
        .where('de.deposit_id', '=', depositId)
        .where('de.invoice_id', 'is not', null),
    );
  }
  const total = Number((await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const rows = await q
    .leftJoin('structures as sup', 'sup.id', 'i.supplier_structure_id')
    .leftJoin('services as ss', 'ss.id', 'i.supplier_service_id')
    .leftJoin('structures as rec', 'rec.id', 'i.recipient_structure_id')
    .leftJoin('services as rs', 'rs.id', 'i.recipient_service_id')
    .leftJoin('deposit_entries as de', 'de.invoice_id', 'i.id')
    .leftJoin('deposits as dep', 'dep.id', 'de.deposit_id')
    .select([
      'dep.id as flow_id',
      'dep.created_at as flow_created_at',
      'i.id',
      'i.number',
      'i.draft_number',
      'i.type',
      'i.status',
      'i.status_at',
      'i.invoice_date',
      'i.deposited_at',
      'i.commitment_number',
      'i.market_number',
      'i.original_invoice_number',
      'i.total_net_cents',
      'i.total_gross_cents',
      'i.global_discount_cents',
      'i.net_payable_cents',
      'i.currency',
      'i.deposit_mode',
      'i.rejection_handled_at',
      'i.recipient_structure_id',
      'i.recipient_service_id',
      'sup.identifier as supplier_identifier',
      'sup.identifier_type as supplier_identifier_type',
      'sup.company_name as supplier_name',
      'ss.code as supplier_service_code',
      'ss.name as supplier_service_name',
      'rec.identifier as recipient_identifier',
      'rec.company_name as recipient_name',
      'rs.code as recipient_service_code',
      'rs.name as recipient_service_name',
    ])
    .orderBy('i.status_at', paging.descending ? 'asc' : 'desc')
    .orderBy('i.id', 'desc')
    .limit(paging.size)
    .offset(paging.offset)
    .execute();
  return { total, rows, paging };
}

type SearchRow = Awaited<ReturnType<typeof search>>['rows'][number];
export const listItem = (r: SearchRow) =>
  withoutEmpty({
    identifiantFactureCPP: r.id,
    typeDemandePaiement: 'FACTURE',
    codeFournisseur: r.supplier_identifier ?? undefined,
    typeIdentifiantFournisseur: r.supplier_identifier_type ?? undefined,
    designationFournisseur: r.supplier_name ?? undefined,
    codeServiceFournisseur: r.supplier_service_code ?? undefined,
    nomServiceFournisseur: r.supplier_service_name ?? undefined,
    idDestinataire: r.recipient_structure_id ?? undefined,
    codeDestinataire: r.recipient_identifier ?? undefined,
    designationDestinataire: r.recipient_name ?? undefined,
    idServiceExecutant: r.recipient_service_id ?? undefined,
    codeServiceExecutant: r.recipient_service_code ?? undefined,
    nomServiceExecutant: r.recipient_service_name ?? undefined,
    typeFacture: r.type,
    numeroFacture: r.number ?? r.draft_number,
    dateFacture: r.invoice_date,
    dateDepot: cproDate(r.deposited_at),
    montantHT: cproEuros(Number(r.total_net_cents)),
    montantTTC: cproEuros(Number(r.total_gross_cents) - Number(r.global_discount_cents)),
    montantAPayer: cproEuros(Number(r.net_payable_cents)),
    devise: r.currency,
    statut: r.status,
    numeroMarche: r.market_number ?? undefined,
    numeroBonCommande: r.commitment_number ?? undefined,
    numeroFluxDepot: r.flow_id !== null && r.flow_created_at ? flowNumberOf(r.flow_id, r.flow_created_at) : undefined,
    numeroFactureOrigine: r.original_invoice_number ?? undefined,
    modeDepot: r.deposit_mode,
    dateHeureEtatCourant: r.status_at,
    rejetTraite: r.rejection_handled_at !== null,
  });
