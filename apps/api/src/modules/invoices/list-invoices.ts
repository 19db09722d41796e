import { sql, type Expression, type SqlBool } from 'kysely';
import type { InvoiceSearch, InvoiceSortKey } from '@chorale/contracts';
import { planEachRun, searchMatch } from '@chorale/db';
import {
  businessDate,
  dgpRunningStatuses,
  invoiceDelayState,
  parisDayStart,
  STATE_SIRET,
  addDays,
  type InvoiceStatus,
} from '@chorale/domain';
import type { AppContext } from '../../platform/context.ts';
import { visibleInvoices } from './invoice-scope.ts';

export type InvoiceSide = 'issued' | 'received';
export type InvoiceListQuery = Partial<InvoiceSearch> & { side: InvoiceSide; page: number; pageSize: number };

/** Nullable sort columns compare as '' so that keyset batches (exports) see no null. */
const sortColumns: Record<InvoiceSortKey, { ref: string; nullable?: boolean }> = {
  type: { ref: 'i.type' },
  supplier: { ref: 'sup.company_name', nullable: true },
  recipient: { ref: 'rec.company_name', nullable: true },
  service: { ref: 'rs.code', nullable: true },
  number: { ref: 'i.number', nullable: true },
  invoiceDate: { ref: 'i.invoice_date' },
  depositedAt: { ref: 'i.deposited_at', nullable: true },
  net: { ref: 'i.total_net_cents' },
  gross: { ref: 'i.net_payable_cents' },
  status: { ref: 'i.status' },
  statusAt: { ref: 'i.status_at' },
  dueDate: { ref: 'i.due_date', nullable: true },
};
export const sortExpression = (key: InvoiceSortKey) => {
  const c = sortColumns[key];
  return c.nullable ? sql<string>`coalesce(${sql.ref(c.ref)}, '')` : sql<string | number>`${sql.ref(c.ref)}`;
};

/**
 * The invoices a user may see on one side, narrowed by the « Rechercher » criteria: every
 * structure (or service) where he holds « Factures émises » (or « reçues ») consultation;
 * service-level members see their service only; the recipient never sees an invoice before it is
 * delivered. Null when the user sees nothing on that side. The criteria on the other party and
 * the service are subqueries, not joins: a count then reads the invoices' indexes alone (issue 12
 * bench, 1 million invoices); selectRows joins what a result row shows.
 */
export async function searchScope(ctx: AppContext, userId: number, q: InvoiceListQuery, today: string) {
  const visible = await visibleInvoices(ctx, userId, q.side);
  if (!visible) return null;
  const issued = q.side === 'issued';
  const structureCol = issued ? 'i.supplier_structure_id' : 'i.recipient_structure_id';
  const serviceCol = issued ? 'i.supplier_service_id' : 'i.recipient_service_id';
  const partyCol = issued ? 'i.recipient_structure_id' : 'i.supplier_structure_id';
  const structures = (match: (column: string) => Expression<SqlBool>) =>
    ctx.db
      .selectFrom('structures as p')
      .select('p.id')
      .where(() => match('p.identifier'));
  let base = visible;
  if (q.status?.length) base = base.where('i.status', 'in', q.status);
  if (q.structureId) base = base.where(structureCol, '=', q.structureId);
  if (q.serviceId) base = base.where(serviceCol, '=', q.serviceId);
  if (q.recipientScope === 'ETAT')
    base = base.where(
      'i.recipient_structure_id',
      'in',
      structures((c) => sql<SqlBool>`${sql.ref(c)} = ${STATE_SIRET}`),
    );
  if (q.recipientScope === 'HORS_ETAT')
    base = base.where(
      'i.recipient_structure_id',
      'in',
      structures((c) => sql<SqlBool>`${sql.ref(c)} <> ${STATE_SIRET}`),
    );
  const term = q.counterparty?.trim();
  if (term) {
    const digits = term.replace(/\s/g, '');
    if (q.siren) {
      // « Rechercher sur le SIREN »: every establishment of the company (its SIRET's 9 first digits).
      base = base.where(
        partyCol,
        'in',
        structures((c) => searchMatch(c, digits.slice(0, 9), { mode: 'prefix' })),
      );
    } else if (/^\d+$/.test(digits)) {
      base = base.where(
        partyCol,
        'in',
        structures((c) => searchMatch(c, digits, { mode: 'prefix' })),
      );
    } else {
      base = base.where(
        partyCol,
        'in',
        ctx.db
          .selectFrom('structures as p')
          .select('p.id')
          .where((eb) =>
            eb.or([searchMatch('p.company_name', term, { ignoreCase: true }), eb('p.identifier', '=', term)]),
          ),
      );
    }
  }
  const service = q.counterpartyService?.trim();
  if (service)
    base = base.where(
      'i.recipient_service_id',
      'in',
      ctx.db
        .selectFrom('services as s')
        .select('s.id')
        .where((eb) =>
          eb.or([
            searchMatch('s.code', service, { ignoreCase: true }),
            searchMatch('s.name', service, { ignoreCase: true }),
          ]),
        ),
    );
  if (q.invoiceDateFrom) base = base.where('i.invoice_date', '>=', q.invoiceDateFrom);
  if (q.invoiceDateTo) base = base.where('i.invoice_date', '<=', q.invoiceDateTo);
  if (q.number?.trim())
    base = base.where((eb) =>
      eb.or([
        searchMatch('i.number', q.number!.trim(), { ignoreCase: true }),
        searchMatch('i.draft_number', q.number!.trim(), { ignoreCase: true }),
      ]),
    );
  if (q.type) base = base.where('i.type', '=', q.type);
  if (q.billingFramework) base = base.where('i.billing_framework', '=', q.billingFramework);
  if (q.amountMin !== undefined) base = base.where('i.net_payable_cents', '>=', q.amountMin);
  if (q.amountMax !== undefined) base = base.where('i.net_payable_cents', '<=', q.amountMax);
  if (q.depositedFrom) base = base.where('i.deposited_at', '>=', parisDayStart(q.depositedFrom));
  if (q.depositedTo) base = base.where('i.deposited_at', '<', parisDayStart(addDays(q.depositedTo, 1)));
  if (q.commitmentNumber?.trim())
    base = base.where(searchMatch('i.commitment_number', q.commitmentNumber.trim(), { ignoreCase: true }));
  if (q.marketNumber?.trim())
    base = base.where(searchMatch('i.market_number', q.marketNumber.trim(), { ignoreCase: true }));
  if (q.late) base = base.where('i.status', 'in', dgpRunningStatuses).where('i.due_date', '<', today);
  if (q.dueDateFrom) base = base.where('i.due_date', '>=', q.dueDateFrom);
  if (q.dueDateTo) base = base.where('i.due_date', '<=', q.dueDateTo);
  // Its count, its pages and the export's: planned for the criteria of each search (PostgreSQL).
  return base.modifyEnd(planEachRun);
}
export type SearchBase = NonNullable<Awaited<ReturnType<typeof searchScope>>>;

/** The columns of a result row (webinar « Résultats de la recherche » and the exports), joined here. */
export function selectRows(scope: SearchBase) {
  const base = scope
    .leftJoin('structures as sup', 'sup.id', 'i.supplier_structure_id')
    .leftJoin('structures as rec', 'rec.id', 'i.recipient_structure_id')
    .leftJoin('services as rs', 'rs.id', 'i.recipient_service_id');
  return base.select([
    'i.id',
    'i.number',
    'i.draft_number',
    'i.type',
    'i.status',
    'i.status_at',
    'i.invoice_date',
    'i.deposited_at',
    'i.made_available_at',
    'i.due_date',
    'i.commitment_number',
    'i.market_number',
    'i.billing_framework',
    'i.total_net_cents',
    'i.net_payable_cents',
    'i.currency',
    'sup.identifier as supplier_identifier',
    'sup.company_name as supplier_name',
    'rec.identifier as recipient_identifier',
    'rec.company_name as recipient_name',
    'rs.code as recipient_service_code',
    (eb) =>
      eb
        .selectFrom('invoice_attachments as a')
        .select((e) => e.fn.coalesce(e.fn.sum<number>('a.size'), sql<number>`0`).as('s'))
        .whereRef('a.invoice_id', '=', 'i.id')
        .as('attachments_size'),
  ]);
}
export type ResultRow = Awaited<ReturnType<ReturnType<typeof selectRows>['execute']>>[number];

export function toSummary(r: ResultRow, today: string) {
  return {
    id: r.id,
    number: r.number ?? r.draft_number,
    type: r.type,
    status: r.status as InvoiceStatus,
    statusAt: r.status_at,
    invoiceDate: r.invoice_date,
    depositedAt: r.deposited_at,
    commitmentNumber: r.commitment_number ?? '',
    netCents: Number(r.total_net_cents),
    netPayableCents: Number(r.net_payable_cents),
    currency: r.currency,
    supplier: { identifier: r.supplier_identifier ?? '', name: r.supplier_name ?? '' },
    recipient: r.recipient_identifier
      ? {
          identifier: r.recipient_identifier,
          name: r.recipient_name ?? '',
          serviceCode: r.recipient_service_code ?? null,
        }
      : null,
    attachmentsSize: Number(r.attachments_size ?? 0),
    payment: paymentOf(r, today),
  };
}

function paymentOf(r: ResultRow, today: string) {
  const state = invoiceDelayState(
    {
      startDay: r.made_available_at ? businessDate(new Date(r.made_available_at)) : null,
      dueDate: r.due_date,
      status: r.status as InvoiceStatus,
      statusDay: businessDate(new Date(r.status_at)),
    },
    today,
  );
  return state
    ? {
        dueDate: state.dueDate,
        daysElapsed: state.daysElapsed,
        daysLate: state.daysLate,
        late: state.late,
        dueSoon: state.dueSoon,
        paid: state.paid,
      }
    : null;
}

/**
 * Order of the results: the chosen column, then the id, both the same way (stable pages). With a
 * period, the default order is an expression: SQLite would otherwise read the structure's
 * invoices newest first until the period (issue 12 bench), where the period's index finds them
 * at once and sorting them costs little. The order is the same.
 */
export function ordered(
  base: ReturnType<typeof selectRows>,
  q: Pick<InvoiceListQuery, 'sort' | 'order' | 'invoiceDateFrom' | 'invoiceDateTo'>,
) {
  const dir = q.order ?? (q.sort ? 'asc' : 'desc');
  const period = !q.sort && (q.invoiceDateFrom || q.invoiceDateTo);
  const key = period ? sql<string>`coalesce(${sql.ref('i.status_at')}, '')` : sortExpression(q.sort ?? 'statusAt');
  return base.orderBy(key, dir).orderBy('i.id', dir);
}

/**
 * « Factures émises › Rechercher » or « Factures reçues »: one page of the results (50 lines by
 * default), newest state first unless a column is chosen.
 */
export async function listInvoices(ctx: AppContext, userId: number, q: InvoiceListQuery) {
  const today = businessDate(ctx.now());
  const base = await searchScope(ctx, userId, q, today);
  if (!base) return { items: [], total: 0, page: q.page, pageSize: q.pageSize };
  const count = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows = await ordered(selectRows(base), q)
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize)
    .execute();
  return {
    total: Number(count.n),
    page: q.page,
    pageSize: q.pageSize,
    items: rows.map((r) => toSummary(r, today)),
  };
}

/** Keyset condition « after this row » in the chosen order, for the exports' batches. */
export function afterRow(
  q: Pick<InvoiceListQuery, 'sort' | 'order'>,
  last: { key: string | number; id: number },
): Expression<SqlBool> {
  const dir = q.order ?? (q.sort ? 'asc' : 'desc');
  const col = sortExpression(q.sort ?? 'statusAt');
  // The first bound alone can be read from an index: without it each batch would read the
  // structure's invoices from the first again (issue 12 bench: 100 000 lines took 20 s).
  return dir === 'asc'
    ? sql<SqlBool>`(${col} >= ${last.key} and (${col} > ${last.key} or i.id > ${last.id}))`
    : sql<SqlBool>`(${col} <= ${last.key} and (${col} < ${last.key} or i.id < ${last.id}))`;
}
