/**
 * What limits PostgreSQL under the throughput bench (issue 13): the wait events of the started
 * server's backends, sampled during the load, and their table.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { table } from './bench-server.ts';

/**
 * What the started server's PostgreSQL backends wait on: pg_stat_activity read every ~50 ms until
 * stopped. Only the server's own backends (its application_name: other tests share the database
 * on this machine), never the sampler's. Active backends give the shares (« (CPU) »: active,
 * waiting on nothing); those idle in a transaction (waiting for the server) are counted apart.
 */
export function sampleWaits(url: string, applicationName: string) {
  const parsed = new URL(url);
  parsed.searchParams.delete('schema');
  const client = new pg.Client({ connectionString: parsed.toString() });
  const waits = new Map<string, number>();
  // For each wait, the statements that waited on it: a lock's row is told by who waits for it.
  const statements = new Map<string, Map<string, number>>();
  let samples = 0;
  let active = 0;
  let idleInTransaction = 0;
  let stopped = false;
  const sampling = (async () => {
    await client.connect();
    while (!stopped) {
      const { rows } = await client.query<{
        state: string;
        wait_event_type: string | null;
        wait_event: string | null;
        query: string;
      }>(
        `select state, wait_event_type, wait_event, query from pg_stat_activity
          where datname = current_database() and application_name = $1 and pid <> pg_backend_pid()
            and state in ('active', 'idle in transaction')`,
        [applicationName],
      );
      samples++;
      for (const r of rows) {
        if (r.state !== 'active') {
          idleInTransaction++;
          continue;
        }
        active++;
        const key = r.wait_event_type ? `${r.wait_event_type}:${r.wait_event}` : '(CPU)';
        waits.set(key, (waits.get(key) ?? 0) + 1);
        const statement = r.query.replace(/\s+/g, ' ').slice(0, 90);
        const byStatement = statements.get(key) ?? new Map<string, number>();
        byStatement.set(statement, (byStatement.get(statement) ?? 0) + 1);
        statements.set(key, byStatement);
      }
      await sleep(50);
    }
    await client.end();
  })();
  return async () => {
    stopped = true;
    await sampling;
    const commonest = new Map(
      [...statements].map(([key, byStatement]) => [key, [...byStatement].sort((a, b) => b[1] - a[1])[0]![0]]),
    );
    return { samples, active, idleInTransaction, waits, commonest };
  };
}

export type WaitReport = { base: string } & Awaited<ReturnType<ReturnType<typeof sampleWaits>>>;

/** Prints, for each database sampled, the share of each wait and the statement that waits on it most. */
export function printWaits(reports: WaitReport[]): void {
  for (const w of reports) {
    console.log(
      `\nCe qu’attendent les connexions ${w.base} du serveur pendant la charge (pg_stat_activity, ${w.samples} relevés toutes les ~50 ms ; ` +
        `en moyenne ${(w.active / Math.max(1, w.samples)).toFixed(1)} actives, ${(w.idleInTransaction / Math.max(1, w.samples)).toFixed(1)} en transaction attendant le serveur) :\n`,
    );
    console.log(
      table(
        ['attente', 'part des connexions actives (relevés)', 'requête qui l’attend le plus souvent'],
        [...w.waits]
          .sort((a, b) => b[1] - a[1])
          .map(([wait, n]) => [
            wait,
            `${((n / Math.max(1, w.active)) * 100).toFixed(1)} % (${n})`,
            w.commonest.get(wait) ?? '',
          ]),
      ),
    );
    console.log(
      '(CPU) : active sans attente (calcul, ou attente que le système ne nomme pas) ; Lock:transactionid : une ligne tenue par une autre transaction ; ' +
        'LWLock:WALWrite, IO:WALSync : le journal écrit et synchronisé à chaque validation ; Client:ClientRead : attend la requête suivante du serveur.',
    );
  }
}
