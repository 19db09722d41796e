import { verifyChain, verifyInvoiceHeads, type ChainBreak, type Database } from '@chorale/db';
import type { Kysely } from 'kysely';

export interface AuditReport {
  historyRows: number;
  invoices: number;
  securityEvents: number;
  users: number;
  breaks: ChainBreak[];
}

/** Recomputes every invoice history chain and every security log chain (npm run audit:verify). */
export async function verifyAudit(
  db: Kysely<Database>,
  onProgress: (m: string) => void = () => {},
): Promise<AuditReport> {
  const history = await verifyChain(db, 'invoice_history', (n) => onProgress(`${n} lignes d’historique vérifiées…`));
  const heads = await verifyInvoiceHeads(db);
  const security = await verifyChain(db, 'security_events', (n) => onProgress(`${n} événements de sécurité vérifiés…`));
  return {
    historyRows: history.rows,
    invoices: history.chains,
    securityEvents: security.rows,
    users: security.chains,
    breaks: [...history.breaks, ...heads, ...security.breaks],
  };
}

export function describeBreak(b: ChainBreak): string {
  const where =
    b.table === 'invoice_history'
      ? `historique de la facture n° ${b.chain}`
      : `journal de sécurité de l’utilisateur n° ${b.chain}`;
  return `${where}, ligne ${b.id} : ${b.reason}`;
}
