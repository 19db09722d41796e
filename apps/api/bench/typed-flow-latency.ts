/**
 * The portal's typed flow (« Saisir facture ») over real HTTP against a started server, as a signed-in
 * portal user does it (throughput.bench.ts, issue 13: « p99 < 50 ms »): each virtual user, with his
 * session cookie and the CSRF header the portal copies from its cookie (apps/web api-client), creates
 * a draft, adds a line, then « Confirmer et envoyer », again and again, for a fixed time; the latency
 * of each request, per kind.
 */
import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { percentile, table } from './bench-server.ts';
import { typedHeader, typedLine } from '../src/testing/typed-flow.ts';

export const FLOW_P99_GOAL = 50;

/** A supplier signed in to the portal: his structure and his session's cookies. */
export interface PortalUser {
  structureId: number;
  cookies: Map<string, string>;
}

const KINDS = ['POST /api/invoices', 'POST /api/invoices/:id/lines', 'POST /api/invoices/:id/submit'] as const;

export interface FlowLatency {
  users: number;
  seconds: number;
  /** Complete flows (the three requests answered 2xx). */
  flows: number;
  failed: number;
  /** Sorted timings (ms) per request kind. */
  timings: Record<(typeof KINDS)[number], number[]>;
}

/** One POST as the portal's fetch wrapper sends it: JSON, same-origin cookies, x-csrf-token. */
function post(agent: Agent, port: number, user: PortalUser, path: string, body: unknown) {
  const payload = JSON.stringify(body);
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = request(
      {
        agent,
        host: '127.0.0.1',
        port,
        path,
        method: 'POST',
        headers: {
          accept: 'application/json',
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(payload),
          cookie: [...user.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
          'x-csrf-token': user.cookies.get('chorale_csrf') ?? '',
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/**
 * `users` portal users, each on his own supplier and his own keep-alive connection (one tab), run
 * the typed flow back to back, without pause between clicks, for `seconds`.
 */
export async function typedFlowLatency(port: number, users: PortalUser[], seconds: number): Promise<FlowLatency> {
  const timings: FlowLatency['timings'] = {
    'POST /api/invoices': [],
    'POST /api/invoices/:id/lines': [],
    'POST /api/invoices/:id/submit': [],
  };
  let flows = 0;
  let failed = 0;
  const deadline = performance.now() + seconds * 1000;
  const timed = async (agent: Agent, user: PortalUser, kind: (typeof KINDS)[number], path: string, body: unknown) => {
    const start = performance.now();
    const res = await post(agent, port, user, path, body);
    timings[kind].push(performance.now() - start);
    if (res.status < 200 || res.status > 299) {
      failed++;
      if (failed <= 3) console.error(`${kind}: ${res.status} ${res.body.slice(0, 300)}`);
      return null;
    }
    return JSON.parse(res.body) as { id: number };
  };
  await Promise.all(
    users.map(async (user) => {
      const agent = new Agent({ keepAlive: true, maxSockets: 1 });
      while (performance.now() < deadline) {
        const draft = await timed(agent, user, KINDS[0], '/api/invoices', typedHeader(user.structureId));
        if (!draft) continue;
        if (!(await timed(agent, user, KINDS[1], `/api/invoices/${draft.id}/lines`, typedLine))) continue;
        if (await timed(agent, user, KINDS[2], `/api/invoices/${draft.id}/submit`, {})) flows++;
      }
      agent.destroy();
    }),
  );
  for (const list of Object.values(timings)) list.sort((a, b) => a - b);
  return { users: users.length, seconds, flows, failed, timings };
}

/** CPU (ms) per complete flow: the server's, its PostgreSQL backends' (null on SQLite), the load generator's. */
export interface FlowCpu {
  server: number;
  database: number | null;
  generator: number;
}

/** The rows of the latency table for one database: per request kind, count, p50, p95, p99 against the goal. */
export function flowLatencyRows(base: string, latency: FlowLatency, cpu: FlowCpu): string[][] {
  const ms = (v: number) => v.toFixed(1);
  return KINDS.map((kind, i) => {
    const sorted = latency.timings[kind];
    const p99 = percentile(sorted, 99);
    return [
      i === 0 ? base : '',
      i === 0 ? String(latency.users) : '',
      kind,
      String(sorted.length),
      ms(percentile(sorted, 50)),
      ms(percentile(sorted, 95)),
      `${ms(p99)} (objectif < ${FLOW_P99_GOAL}) ${p99 < FLOW_P99_GOAL ? 'atteint' : 'NON ATTEINT'}`,
      i === 0 ? `${(latency.flows / latency.seconds).toFixed(1)}` : '',
      i === 0 ? String(latency.failed) : '',
      i === 0 ? cpu.server.toFixed(2) : '',
      i === 0 ? (cpu.database === null ? '(dans le serveur)' : cpu.database.toFixed(2)) : '',
      i === 0 ? cpu.generator.toFixed(2) : '',
    ];
  });
}

export function printFlowLatency(rows: string[][], load: string): void {
  if (!rows.length) return;
  console.log(
    `\nParcours « Saisir facture » du portail en HTTP réel (brouillon → ligne → « Confirmer et envoyer »), ` +
      `utilisateurs connectés (session et jeton CSRF), chacun son fournisseur, sans pause entre les clics, ` +
      `serveur sinon au repos (charge ${load}) :\n`,
  );
  console.log(
    table(
      [
        'base',
        'utilisateurs',
        'requête',
        'nombre',
        'p50 (ms)',
        'p95 (ms)',
        'p99 (ms)',
        'parcours/s',
        'échecs',
        'CPU serveur ms/parcours',
        'CPU PostgreSQL ms/parcours',
        'CPU générateur ms/parcours',
      ],
      rows,
    ),
  );
  console.log(
    '\n1 utilisateur : le temps d’une requête sans file d’attente. Plusieurs : chacun garde une requête en cours ' +
      'à tout instant ; au-delà de ce que le serveur traite, la latence est la file d’attente (utilisateurs ÷ requêtes/s).',
  );
}
