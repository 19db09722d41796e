/**
 * Dev tool (issue 12): the SQL the everyday lists run, with their parameters, and their plans, on a
 * database kept by million.bench.ts (BENCH_KEEP). `node --import tsx bench/explain-lists.ts <url>`
 * (a `sqlite:` path or a PostgreSQL URL with `?schema=`). EXPLAIN=0 prints only the SQL; RUNS
 * (default 8) times each statement run as the server runs it (named prepared statements on
 * PostgreSQL: from the sixth run PostgreSQL may switch to its generic plan).
 */
import { performance } from 'node:perf_hooks';
import { CompiledQuery, type Kysely } from 'kysely';
import { openDatabase, type Database } from '@chorale/db';
import type { AppContext } from '../src/platform/context.ts';
import { worklist } from '../src/modules/invoices/worklist.ts';
import { listInvoices } from '../src/modules/invoices/list-invoices.ts';
import { CCI } from '../src/modules/intake/intake-test-support.ts';

const url = process.argv[2]!;
const which = process.argv[3] ?? 'all';
const database = openDatabase(url);
const db = database.db;
const runs = Number(process.env.RUNS ?? 8);
const captured: CompiledQuery[] = [];
const recording = db.withPlugin({
  transformQuery: (args) => args.node,
  transformResult: async (args) => args.result,
});
// Record every statement the use case runs.
const executor = recording.getExecutor();
const original = executor.executeQuery.bind(executor);
(executor as { executeQuery: typeof original }).executeQuery = async <R>(query: CompiledQuery<R>) => {
  captured.push(query);
  return original(query);
};
const ctx = {
  db: recording,
  dialect: database.dialect,
  now: () => new Date(),
  nudgeOutbox: () => {},
} as unknown as AppContext;

const tokens = await db.selectFrom('api_tokens').select(['user_id', 'name']).orderBy('id').execute();
const supplierUser = tokens[0]!.user_id;
const entityUser = tokens.at(-1)!.user_id;
const cases: Record<string, () => Promise<unknown>> = {
  synthese: () =>
    worklist(ctx, supplierUser, 'issued', { hideOldRejected: false, instructor: '', page: 1, pageSize: 50 }),
  atraiter: () =>
    worklist(ctx, entityUser, 'received', { hideOldRejected: false, instructor: '', page: 1, pageSize: 50 }),
  rechercher: () =>
    listInvoices(ctx, supplierUser, {
      side: 'issued',
      status: ['MISE_A_DISPOSITION', 'SERVICE_FAIT'],
      invoiceDateFrom: '2025-04-01',
      invoiceDateTo: '2025-06-30',
      counterparty: CCI,
      page: 1,
      pageSize: 50,
    }),
  recues: () => listInvoices(ctx, entityUser, { side: 'received', page: 1, pageSize: 50 }),
};

const literal = (v: unknown) => (typeof v === 'number' ? String(v) : `'${String(v).replace(/'/g, "''")}'`);
async function explain(d: Kysely<Database>, q: CompiledQuery) {
  if (database.dialect === 'postgres') {
    const name = `x${Math.random().toString(36).slice(2, 8)}`;
    await d.executeQuery(CompiledQuery.raw(`prepare ${name} as ${q.sql}`));
    const times: number[] = [];
    const args = q.parameters.map(literal).join(', ');
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      await d.executeQuery(CompiledQuery.raw(`execute ${name}${args ? `(${args})` : ''}`));
      times.push(performance.now() - t0);
    }
    console.log(`  runs (ms): ${times.map((t) => t.toFixed(1)).join(' ')}`);
    if (process.env.EXPLAIN !== '0') {
      const plan = await d.executeQuery<Record<string, string>>(
        CompiledQuery.raw(`explain (analyze, buffers) execute ${name}${args ? `(${args})` : ''}`),
      );
      for (const r of plan.rows) console.log(`  ${Object.values(r)[0]}`);
    }
    await d.executeQuery(CompiledQuery.raw(`deallocate ${name}`));
  } else {
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      await d.executeQuery(q);
      times.push(performance.now() - t0);
    }
    console.log(`  runs (ms): ${times.map((t) => t.toFixed(1)).join(' ')}`);
    if (process.env.EXPLAIN !== '0') {
      const plan = await d.executeQuery<{ detail: string }>(
        CompiledQuery.raw(`explain query plan ${q.sql}`, [...q.parameters]),
      );
      for (const r of plan.rows) console.log(`  ${r.detail}`);
    }
  }
}

for (const [name, run] of Object.entries(cases)) {
  if (which !== 'all' && which !== name) continue;
  captured.length = 0;
  const t0 = performance.now();
  await run();
  console.log(`\n=== ${name}: ${(performance.now() - t0).toFixed(1)} ms, ${captured.length} statements`);
  for (const q of captured) {
    if (!/invoices/.test(q.sql)) continue;
    console.log(`\n${q.sql}\n  -- ${JSON.stringify(q.parameters)}`);
    await explain(db, q);
  }
}
await database.destroy();
