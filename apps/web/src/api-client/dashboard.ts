import type { InvoiceDashboard } from '@chorale/contracts';
import { api } from './client.ts';
import type { InvoiceSide } from './invoice-search.ts';

export type { InvoiceDashboard } from '@chorale/contracts';

/** The « Tableau de bord » filters, as the page's URL holds them. */
export interface DashboardFilter {
  structureId?: string;
  from?: string;
  to?: string;
}

export const dashboardKeys = ['structureId', 'from', 'to'] as const;

export const dashboardApi = {
  get: (side: InvoiceSide, f: DashboardFilter) => {
    const params = new URLSearchParams();
    for (const k of dashboardKeys) if (f[k]) params.set(k, f[k]!);
    return api<InvoiceDashboard>('GET', `/api/invoices/${side}/dashboard?${params}`);
  },
};

export const dashboardQueryKey = (side: InvoiceSide, f: DashboardFilter) => ['invoices', 'dashboard', side, f] as const;
