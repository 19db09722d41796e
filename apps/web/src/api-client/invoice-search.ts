import type { InvoicePage } from '@chorale/contracts';
import { api } from './client.ts';

/**
 * « Rechercher »: the criteria as the URL of the page holds them (so that the Tableau de bord can
 * open a search, and Back returns to it), passed as they are to the API.
 */
export const searchKeys = [
  'recipientScope',
  'counterparty',
  'siren',
  'counterpartyService',
  'structureId',
  'serviceId',
  'invoiceDateFrom',
  'invoiceDateTo',
  'number',
  'type',
  'billingFramework',
  'status',
  'amountMin',
  'amountMax',
  'depositedFrom',
  'depositedTo',
  'commitmentNumber',
  'marketNumber',
  'late',
  'dueDateFrom',
  'dueDateTo',
  'sort',
  'order',
  'page',
] as const;
export type SearchKey = (typeof searchKeys)[number];
/** The « Critères avancés » (their block opens when one is set). */
export const advancedKeys: readonly SearchKey[] = [
  'amountMin',
  'amountMax',
  'depositedFrom',
  'depositedTo',
  'commitmentNumber',
  'marketNumber',
  'late',
  'dueDateFrom',
  'dueDateTo',
];
export type SearchCriteria = Partial<Record<SearchKey, string>>;
export type InvoiceSide = 'issued' | 'received';

export function criteriaFrom(params: URLSearchParams): SearchCriteria {
  const c: SearchCriteria = {};
  for (const k of searchKeys) {
    const v = params.get(k);
    if (v) c[k] = v;
  }
  return c;
}

export function searchQuery(c: SearchCriteria, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  for (const k of searchKeys) if (c[k]) params.set(k, c[k]!);
  for (const [k, v] of Object.entries(extra)) params.set(k, v);
  return params.toString();
}

export const invoiceSearchApi = {
  search: (side: InvoiceSide, c: SearchCriteria) =>
    api<InvoicePage>('GET', `/api/invoices/${side}?${searchQuery(c, { pageSize: '50' })}`),
  exportUrl: (side: InvoiceSide, c: SearchCriteria, format: 'csv' | 'xlsx') => {
    const { page: _page, ...rest } = c;
    return `/api/invoices/${side}/export.${format}?${searchQuery(rest)}`;
  },
};

export const searchQueryKey = (side: InvoiceSide, c: SearchCriteria) => ['invoices', 'search', side, c] as const;
