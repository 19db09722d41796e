import type { AppContext } from '../../platform/context.ts';
import type { InvoiceStatus } from '@chorale/domain';
import { visibleInvoices } from './invoice-scope.ts';

export interface InvoiceListQuery {
  side: 'issued' | 'received';
  status?: InvoiceStatus;
  serviceId?: number;
  page: number;
  pageSize: number;
}

/**
 * « Factures émises » or « Factures reçues »: the invoices of every structure (or service) the user
 * may see on that side, newest first. Service-level members see their service only; the
 * recipient never sees an invoice before it is delivered.
 */
export async function listInvoices(ctx: AppContext, userId: number, q: InvoiceListQuery) {
  const visible = await visibleInvoices(ctx, userId, q.side);
  if (!visible) return { items: [], total: 0, page: q.page, pageSize: q.pageSize };
  const serviceCol = q.side === 'issued' ? 'i.supplier_service_id' : 'i.recipient_service_id';
  let base = visible;
  if (q.status) base = base.where('i.status', '=', q.status);
  if (q.serviceId) base = base.where(serviceCol, '=', q.serviceId);
  const count = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows = await base
    .leftJoin('structures as sup', 'sup.id', 'i.supplier_structure_id')
    .leftJoin('structures as rec', 'rec.id', 'i.recipient_structure_id')
    .leftJoin('services as rs', 'rs.id', 'i.recipient_service_id')
    .select([
      'i.id',
      'i.number',
      'i.draft_number',
      'i.type',
      'i.status',
      'i.status_at',
      'i.invoice_date',
      'i.deposited_at',
      'i.commitment_number',
      'i.total_net_cents',
      'i.net_payable_cents',
      'i.currency',
      'sup.identifier as supplier_identifier',
      'sup.company_name as supplier_name',
      'rec.identifier as recipient_identifier',
      'rec.company_name as recipient_name',
      'rs.code as recipient_service_code',
    ])
    .orderBy('i.status_at', 'desc')
    .orderBy('i.id', 'desc')
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize)
    .execute();
  return {
    total: Number(count.n),
    page: q.page,
    pageSize: q.pageSize,
    items: rows.map((r) => ({
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
    })),
  };
}
