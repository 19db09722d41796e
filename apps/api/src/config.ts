import { resolve } from 'node:path';
import { z } from 'zod';
import { defaultWorkers } from './cluster-size.ts';
import { isLoopbackHost } from './loopback.ts';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  // Loopback by default: the embedded configuration (dev outbox, demo data) is for one machine.
  HOST: z.string().default('localhost'),
  DATA_DIR: z.string().default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^(postgres(ql)?:\/\/|sqlite:)/i, 'doit commencer par postgres://, postgresql:// ou sqlite:')
    .optional(),
  PUBLIC_URL: z.url({ message: 'doit être une URL complète, par exemple https://chorale.example.fr' }).optional(),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//i, 'doit commencer par smtp:// ou smtps://')
    .optional(),
  DEV_OUTBOX: bool.optional(),
  MAIL_FROM: z.string().default('Chorale <ne-pas-repondre@chorale.localhost>'),
  DEMO_DATA: bool.optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  TRUST_PROXY: bool.default(false),
  // Addresses or CIDR ranges of the proxies allowed to set X-Forwarded-For (comma-separated).
  TRUSTED_PROXIES: z
    .string()
    .regex(
      /^\s*[0-9a-f.:]+(\/\d{1,3})?\s*(,\s*[0-9a-f.:]+(\/\d{1,3})?\s*)*$/i,
      'doit être une liste d’adresses IP ou de plages CIDR séparées par des virgules, par exemple 10.0.0.5,10.1.0.0/16',
    )
    .default('127.0.0.1,::1'),
  SESSION_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .min(5)
    .max(24 * 60)
    .default(30),
  SESSION_ABSOLUTE_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 30)
    .default(12),
  // Server processes sharing the port (issue 13); default (cluster-size.ts): one on SQLite; on
  // PostgreSQL one per core, one per two cores when PostgreSQL runs on this machine.
  WORKERS: z.coerce.number().int().min(1).max(256).optional(),
  OUTBOX_POLL_MS: z.coerce.number().int().min(50).max(60_000).default(1000),
  // After a claim that caught the queue up, the wait before the next one (issue 13, outbox-worker.ts).
  OUTBOX_GATHER_MS: z.coerce.number().int().min(0).max(1000).optional(),
  // Claim loops of the job queue in each process (issue 13); default: 2 on PostgreSQL, 1 on SQLite.
  OUTBOX_LOOPS: z.coerce.number().int().min(1).max(16).optional(),
  // Done jobs are deleted this many days after they were done (issue 13, outbox-purge.ts); 0: never.
  OUTBOX_RETENTION_DAYS: z.coerce.number().int().min(0).max(36_500).default(30),
  // How much V8 lets the heap grow past its live size before a full collection (issue 13); 0: V8's own.
  // Default: 20 on SQLite, 50 on PostgreSQL.
  HEAP_GROWING_PERCENT: z.coerce.number().int().min(0).max(300).optional(),
  WEB_DIST_DIR: z.string().optional(),
  REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).max(3_600_000).default(60_000),
  HEADERS_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(15_000),
  KEEP_ALIVE_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(10_000),
  SIRENE_API_URL: z
    .url({ message: 'doit être une URL complète, par exemple https://api.insee.fr/api-sirene/3.11' })
    .optional(),
  SIRENE_API_KEY: z.string().optional(),
  // « mode EDI » (issue 11): the SFTP server listens only when a port is given (`npm start`: 2222).
  SFTP_PORT: z
    .union([z.literal('off'), z.coerce.number().int().min(0).max(65535)], {
      error: 'doit être un numéro de port (0 à 65535) ou off',
    })
    .optional(),
  SFTP_HOST: z.string().optional(),
  // Stored files in an S3-compatible object store instead of DATA_DIR/files (issue 13).
  S3_URL: z
    .url({ message: 'doit être une URL complète, par exemple https://CLE:SECRET@s3.example.fr/chorale' })
    .regex(
      /^https?:\/\/[^/]*:[^/]*@[^/]+\/[^/]+/i,
      'doit porter la clé, le secret et le compartiment : https://CLE:SECRET@hote/compartiment',
    )
    .optional(),
  S3_REGION: z.string().default('us-east-1'),
  WEBHOOKS_ALLOW_PRIVATE_NETWORKS: bool.default(false),
});

export type Env = z.input<typeof envSchema>;

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string;
  publicUrl: string;
  smtpUrl: string | null;
  /**
   * The dev outbox (/outbox, /api/dev/outbox) shows every sign-in code and link to whoever asks:
   * served only without SMTP and on a loopback address, unless DEV_OUTBOX says otherwise.
   */
  devOutbox: boolean;
  mailFrom: string;
  demoData: boolean;
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  /**
   * What Fastify trusts for X-Forwarded-For: false, or only the configured proxies' addresses,
   * never « every hop » (a client could then pick its own address and escape every per-IP limit).
   */
  trustProxy: false | string[];
  sessionIdleMinutes: number;
  sessionAbsoluteHours: number;
  /** Server processes sharing the port (node:cluster) when started by server.ts. */
  workers: number;
  outboxPollMs: number;
  outboxGatherMs: number;
  /** Claim loops of the job queue in each process (one runs while another waits on the database). */
  outboxLoops: number;
  /** Days a done job is kept before the purge deletes it (failed ones are kept); 0: kept forever. */
  outboxRetentionDays: number;
  /**
   * V8's heap growing factor, in percent over the live heap (server.ts sets it at start): small,
   * garbage is collected before the heap swells; 0 leaves V8's own, which lets a busy server
   * or a long export hold 60 to 140 MB of garbage (issue 13: memory; issue 12: export memory flat).
   */
  heapGrowingPercent: number;
  webDistDir: string;
  /** Slow or stalled clients are cut off (issue 15 defect 11): whole request, headers, idle keep-alive. */
  requestTimeoutMs: number;
  headersTimeoutMs: number;
  keepAliveTimeoutMs: number;
  /** INSEE Sirene API; without it the offline demo registry answers. */
  sireneApiUrl: string | null;
  sireneApiKey: string | null;
  /** Secure cookies everywhere but on plain-http localhost. */
  secureCookies: boolean;
  /** The SFTP server of « mode EDI »: its port (null: not started) and address (default HOST). */
  sftpPort: number | null;
  sftpHost: string;
  /** S3-compatible store of the files (with its credentials: never logged); null: DATA_DIR/files. */
  s3Url: string | null;
  s3Region: string;
  /**
   * Webhooks may target loopback and private addresses (and plain http on loopback): for
   * development and tests only. Off, a webhook reaches only public addresses over https (SSRF).
   */
  webhooksAllowPrivateNetworks: boolean;
}

export class ConfigError extends Error {}

/**
 * The start-up warning about mails, or null when all is as expected (SMTP, or the dev outbox on
 * a loopback address). Issue 15 defect 13: the outbox must never be open to others by surprise.
 */
export function devOutboxWarning(config: Pick<Config, 'smtpUrl' | 'devOutbox' | 'host'>): string | null {
  if (config.smtpUrl) return null;
  if (config.devOutbox && !isLoopbackHost(config.host))
    return (
      `ATTENTION : DEV_OUTBOX=true et le serveur écoute sur ${config.host} : la boîte d’envoi de développement ` +
      '(/outbox, /api/dev/outbox) montre à quiconque atteint ce serveur chaque code de connexion et chaque lien ' +
      'd’activation ou de réinitialisation. À n’utiliser que sur un réseau de test fermé ; en production, définissez SMTP_URL.'
    );
  if (!config.devOutbox)
    return (
      'ATTENTION : aucun serveur SMTP (SMTP_URL) n’est configuré : les courriels ne sont remis à personne. ' +
      'La boîte d’envoi de développement n’est servie que sur une adresse d’écoute locale (HOST=localhost) ' +
      'ou avec DEV_OUTBOX=true.'
    );
  return null;
}

/** Parses the environment once; a wrong value stops start-up with a message naming the variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  - ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Configuration invalide :\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  // Node refuses a header deadline later than the whole request's.
  if (e.HEADERS_TIMEOUT_MS > e.REQUEST_TIMEOUT_MS)
    throw new ConfigError(
      'Configuration invalide :\n  - HEADERS_TIMEOUT_MS: doit être inférieur ou égal à REQUEST_TIMEOUT_MS',
    );
  const dataDir = resolve(e.DATA_DIR);
  const databaseUrl = e.DATABASE_URL ?? `sqlite:${resolve(dataDir, 'chorale.sqlite')}`;
  const sqlite = databaseUrl.startsWith('sqlite:');
  const publicUrl = (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, '');
  const isLocalHttp = /^http:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/i.test(publicUrl);
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir,
    databaseUrl,
    publicUrl,
    smtpUrl: e.SMTP_URL ?? null,
    devOutbox: !e.SMTP_URL && (e.DEV_OUTBOX ?? isLoopbackHost(e.HOST)),
    mailFrom: e.MAIL_FROM,
    demoData: e.DEMO_DATA ?? sqlite,
    logLevel: e.LOG_LEVEL,
    trustProxy: e.TRUST_PROXY ? e.TRUSTED_PROXIES.split(',').map((a) => a.trim()) : false,
    sessionIdleMinutes: e.SESSION_IDLE_MINUTES,
    sessionAbsoluteHours: e.SESSION_ABSOLUTE_HOURS,
    // SQLite has one writer: more processes on one file only wait on its lock (see README).
    workers: e.WORKERS ?? defaultWorkers(databaseUrl),
    outboxPollMs: e.OUTBOX_POLL_MS,
    // 25 ms on both engines. PostgreSQL had 200 from 02/12/2026, when two server processes routed
    // ~200 invoices/s and each claim paid for ~9 of them; with one process sending 1,000/s and more
    // (04/12/2026), 25 ms gave 904-1,201 invoices/s against 692-1,070 with 200 (5 and 7 runs of
    // 10 s, interleaved), the routing's bursts smaller. docs/performance.md.
    outboxGatherMs: e.OUTBOX_GATHER_MS ?? 25,
    // SQLite's one connection runs one transaction at a time: a second loop would only wait.
    outboxLoops: e.OUTBOX_LOOPS ?? (sqlite ? 1 : 2),
    outboxRetentionDays: e.OUTBOX_RETENTION_DAYS,
    // SQLite keeps its page cache in the server's process, which leaves the heap less room under the
    // 250 MB goal (~230 MB under load with 20). On PostgreSQL the server holds ~195 MB with 20: 50
    // lets it collect less often, for ~10 MB (04/12/2026, interleaved passes: 0.50-0.54 against
    // 0.54-0.69 ms of server CPU per invoice sent, p99 78-82 against 80-112 ms; docs/performance.md).
    heapGrowingPercent: e.HEAP_GROWING_PERCENT ?? (sqlite ? 20 : 50),
    webDistDir: resolve(e.WEB_DIST_DIR ?? new URL('../../web/dist', import.meta.url).pathname),
    requestTimeoutMs: e.REQUEST_TIMEOUT_MS,
    headersTimeoutMs: e.HEADERS_TIMEOUT_MS,
    keepAliveTimeoutMs: e.KEEP_ALIVE_TIMEOUT_MS,
    secureCookies: !isLocalHttp,
    sireneApiUrl: e.SIRENE_API_URL ?? null,
    sireneApiKey: e.SIRENE_API_KEY ?? null,
    sftpPort: e.SFTP_PORT === undefined || e.SFTP_PORT === 'off' ? null : e.SFTP_PORT,
    sftpHost: e.SFTP_HOST ?? e.HOST,
    s3Url: e.S3_URL ?? null,
    s3Region: e.S3_REGION,
    webhooksAllowPrivateNetworks: e.WEBHOOKS_ALLOW_PRIVATE_NETWORKS,
  };
}
