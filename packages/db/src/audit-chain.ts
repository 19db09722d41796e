import { PostgresAdapter, sql, type Kysely, type Selectable } from 'kysely';
import { sha256 } from './digest.ts';
import { insertPrepared, preparedQuery } from './prepared-query.ts';
import type { Database } from './schema.ts';

/**
 * Tamper-evident history: each row of an invoice's history (`invoice_history`, one chain per
 * invoice) and of a user's security log (`security_events`, one chain per user) carries the
 * SHA-256 of its own content and of the row before it in the same chain. Changing, inserting or
 * removing a row breaks the links after it; `npm run audit:verify` recomputes every chain.
 */
export type ChainTable = 'invoice_history' | 'security_events';

/** The fields each chain covers, in a fixed order (a new column is added at the end). */
export const CHAIN_FIELDS = {
  invoice_history: ['invoice_id', 'status', 'user_id', 'actor_label', 'structure_label', 'comment', 'created_at'],
  security_events: ['user_id', 'kind', 'ip', 'detail', 'created_at'],
} as const satisfies Record<ChainTable, readonly string[]>;

export const CHAIN_KEY = { invoice_history: 'invoice_id', security_events: 'user_id' } as const;

export function chainHash(table: ChainTable, previous: string | null, row: Record<string, unknown>): string {
  const values = CHAIN_FIELDS[table].map((f) => (row[f] === undefined ? null : row[f]));
  return sha256(JSON.stringify([table, previous, ...values]), 'hex');
}

type Row<T extends ChainTable> = Omit<Database[T], 'id' | 'prev_hash' | 'hash'> & Record<string, unknown>;

/** The hash of the last row of one chain (prepared: every status change reads it). */
const chainHead = preparedQuery((db, p: { key: number }, table: ChainTable) =>
  db
    .selectFrom(table as ChainTable)
    .select('hash')
    .where(CHAIN_KEY[table] as 'user_id', '=', p.key)
    .orderBy('id', 'desc')
    .limit(1),
);

/**
 * Appends a row at the end of its chain and returns it as stored. The previous row is read and the
 * new one written in one transaction that holds the chain's lock (PostgreSQL: an advisory lock on
 * the chain; SQLite: a single writer), so two concurrent appends never fork a chain.
 *
 * `known.previous`: the hash of the chain's last row, when the caller already holds the chain
 * otherwise (a chain created in this very transaction, or one whose every append first writes a
 * row this transaction has locked) and read its head after taking that lock: then neither the
 * lock nor the read is repeated (issue 13).
 */
export async function appendToChain<T extends ChainTable>(
  db: Kysely<Database>,
  table: T,
  row: Row<T>,
  known?: { previous: string | null },
): Promise<Selectable<Database[T]>> {
  const [inserted] = await appendRowsToChain(db, table, [row], known);
  if (!inserted) throw new Error(`${table}: row not written`);
  return inserted;
}

/**
 * Several rows appended at the end of one chain, in order, by one insert (each linked to the one
 * before it); returned as stored, in order. As appendToChain for the lock and `known`.
 */
export async function appendRowsToChain<T extends ChainTable>(
  db: Kysely<Database>,
  table: T,
  rows: Row<T>[],
  known?: { previous: string | null },
): Promise<Selectable<Database[T]>[]> {
  const first = rows[0];
  if (!first) return [];
  const append = async (trx: Kysely<Database>) => {
    const key = Number(first[CHAIN_KEY[table]]);
    let previous: string | null;
    if (known) previous = known.previous;
    else {
      if (trx.getExecutor().adapter instanceof PostgresAdapter)
        await sql`select pg_advisory_xact_lock(${table === 'invoice_history' ? 1 : 2}, ${key})`.execute(trx);
      const last = await chainHead.first(trx, { key }, table);
      previous = last?.hash ?? null;
    }
    const linked = rows.map((row) => {
      if (Number(row[CHAIN_KEY[table]]) !== key) throw new Error(`${table}: rows of several chains`);
      const values: Record<string, unknown> = { ...row, prev_hash: previous, hash: chainHash(table, previous, row) };
      previous = values.hash as string;
      return values;
    });
    const inserted = await insertPrepared(trx, table, linked as never);
    if (inserted.length !== linked.length) throw new Error(`${table}: rows not written`);
    // In chain order (the engine returns inserted rows in no promised order; ids grow with it).
    return inserted.sort((a, b) => Number((a as { id: number }).id) - Number((b as { id: number }).id));
  };
  if (db.isTransaction) return append(db);
  return db.transaction().execute(append);
}

export interface ChainBreak {
  table: ChainTable;
  id: number;
  chain: number;
  reason: string;
}

/**
 * Walks every chain of a table in id order and returns each broken link, in French. Reads by
 * pages so that memory stays flat on a large archive.
 */
export async function verifyChain(
  db: Kysely<Database>,
  table: ChainTable,
  onProgress: (rows: number) => void = () => {},
): Promise<{ rows: number; chains: number; breaks: ChainBreak[] }> {
  const key = CHAIN_KEY[table];
  const breaks: ChainBreak[] = [];
  let lastChain: number | null = null;
  let previous: string | null = null;
  let rows = 0;
  let chains = 0;
  let after: { chain: number; id: number } | null = null;
  for (;;) {
    let query = (db as Kysely<Database>)
      .selectFrom(table as ChainTable)
      .selectAll()
      .orderBy(key as 'user_id')
      .orderBy('id')
      .limit(5000);
    if (after) {
      const { chain, id } = after;
      query = query.where((eb) =>
        eb.or([eb(key as 'user_id', '>', chain), eb.and([eb(key as 'user_id', '=', chain), eb('id', '>', id)])]),
      );
    }
    const page = (await query.execute()) as unknown as (Record<string, unknown> & {
      id: number;
      prev_hash: string | null;
      hash: string | null;
    })[];
    if (page.length === 0) break;
    for (const row of page) {
      const chain = Number(row[key]);
      if (chain !== lastChain) {
        lastChain = chain;
        previous = null;
        chains++;
      }
      const expected = chainHash(table, previous, row);
      if (row.prev_hash !== previous)
        breaks.push({
          table,
          id: row.id,
          chain,
          reason: 'la ligne précédente de la chaîne a été supprimée ou modifiée',
        });
      else if (row.hash !== expected)
        breaks.push({ table, id: row.id, chain, reason: 'le contenu de la ligne a été modifié' });
      previous = row.hash;
      rows++;
    }
    after = { chain: Number(page.at(-1)![key]), id: page.at(-1)!.id };
    onProgress(rows);
  }
  return { rows, chains, breaks };
}

/**
 * The last row of an invoice's chain must name the invoice's current status: removing the newest
 * rows of a chain (which leaves no broken link behind) is caught here.
 */
export async function verifyInvoiceHeads(db: Kysely<Database>): Promise<ChainBreak[]> {
  const rows = await db
    .selectFrom('invoices as i')
    .innerJoin('invoice_history as h', 'h.invoice_id', 'i.id')
    .where('h.id', '=', (eb) =>
      eb
        .selectFrom('invoice_history as last')
        .select((e) => e.fn.max('last.id').as('m'))
        .whereRef('last.invoice_id', '=', 'i.id'),
    )
    .whereRef('h.status', '<>', 'i.status')
    .select(['h.id', 'i.id as invoiceId', 'i.status', 'h.status as historyStatus'])
    .execute();
  return rows.map((r) => ({
    table: 'invoice_history' as const,
    id: r.id,
    chain: r.invoiceId,
    reason: `la dernière ligne (${r.historyStatus}) ne correspond pas à l’état de la facture (${r.status}) : des lignes récentes ont été supprimées`,
  }));
}
