import { createServer } from 'node:http';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import { validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { openDatabase, type ChoraleDb } from '@chorale/db';
import { attachmentLimits } from '@chorale/domain';
import { validationPool } from '@chorale/einvoice';
import { devOutboxWarning, type Config } from './config.ts';
import { prepareDatabase } from './prepare-database.ts';
import { accountsRoutes } from './modules/accounts/accounts.routes.ts';
import { authRoutes } from './modules/auth/auth.routes.ts';
import { devOutboxRoutes } from './modules/dev-outbox/outbox.routes.ts';
import { directoryRoutes } from './modules/directory/directory.routes.ts';
import { apiTokensRoutes } from './modules/me/api-tokens.routes.ts';
import { meRoutes } from './modules/me/me.routes.ts';
import { organisationRoutes } from './modules/organisation/organisation.routes.ts';
import { membersRoutes } from './modules/organisation/members.routes.ts';
import { routeInvoices } from './modules/invoices/route-invoice.ts';
import { statusMailSender } from './modules/invoices/status-mails.ts';
import { invoicesRoutes } from './modules/invoices/invoices.routes.ts';
import { invoiceFilesRoutes } from './modules/invoices/invoice-files.routes.ts';
import { followUpRoutes } from './modules/invoices/follow-up.routes.ts';
import { intakeRoutes } from './modules/intake/intake.routes.ts';
import { flowReader } from './modules/intake/deposits.ts';
import { supportRoutes } from './modules/support/support.routes.ts';
import { registerCproAuth } from './modules/cpro/auth.ts';
import { cproRoutes } from './modules/cpro/cpro.routes.ts';
import { oauthRoutes } from './modules/cpro/oauth.routes.ts';
import { sendPasswordReminder } from './modules/cpro/password-reminder.ts';
import { connectionsRoutes } from './modules/cpro/connections.routes.ts';
import { webhookDeliverer } from './modules/cpro/webhook-delivery.ts';
import { webhooksRoutes } from './modules/cpro/webhooks.routes.ts';
import { sshKeysRoutes } from './modules/sftp/ssh-keys.routes.ts';
import { writeFlowReports, writeStatusReturn } from './modules/sftp/return-jobs.ts';
import { serializerCompiler } from './platform/response-serializer.ts';
import type { AppContext } from './platform/context.ts';
import { createMailSender } from './platform/mailer.ts';
import { OutboxWorker } from './platform/outbox-worker.ts';
import { OutboxPurger } from './platform/outbox-purge.ts';
import { registerAccessControl, type RouteEntry } from './plugins/access-control.ts';
import { registerCsrf } from './plugins/csrf.ts';
import { frameworkErrors, registerErrorHandler } from './plugins/error-handler.ts';
import { BODY_LIMIT_BYTES, clientErrorHandler, multipartLimits } from './plugins/framework-errors.ts';
import { registerOpenApi, type RegisteredRoute } from './plugins/openapi.ts';
import { registerSecurityHeaders } from './plugins/security-headers.ts';
import { registerPortal } from './plugins/static-portal.ts';
import { registerSessions } from './plugins/session.ts';
import { registerRequestScope } from './platform/request-scope.ts';
import { trackRequestsInFlight } from './platform/requests-in-flight.ts';
import { healthRoutes, type Readiness } from './platform/health.routes.ts';

export interface BuildOptions {
  config: Config;
  /** An already open database (tests); otherwise opened from config.databaseUrl. */
  database?: ChoraleDb;
  now?: () => Date;
  /** Start the background outbox worker and its purge (default true; tests drive them by hand). */
  startWorker?: boolean;
  /**
   * The database is already migrated and its demo data loaded (a cluster worker: its primary
   * prepared it once before starting the processes; see server.ts).
   */
  prepared?: boolean;
  /** Where the log lines go (tests read them); stdout otherwise. */
  logStream?: { write(line: string): void };
}

export { prepareDatabase };

export interface ChoraleApp extends FastifyInstance {
  ctx: AppContext;
  outbox: OutboxWorker;
  /** Every route as registered, for the tests that walk them all. */
  registeredRoutes: RegisteredRoute[];
  /** Every registered route with its declared access. */
  routeTable: readonly RouteEntry[];
}

// Never log what a user typed into a password, code or token field, nor session cookies.
const redact = [
  'req.headers.cookie',
  'req.headers.authorization',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
];

export async function buildApp(options: BuildOptions): Promise<ChoraleApp> {
  const { config } = options;
  const database = options.database ?? openDatabase(config.databaseUrl);
  let inFlight = 0;

  const app = Fastify({
    logger: {
      level: config.logLevel,
      redact,
      // Query strings are dropped: portal links carry single-use tokens (?jeton=…).
      serializers: {
        req: (req: { method: string; url: string; ip?: string }) => ({
          method: req.method,
          url: req.url.split('?')[0],
          ip: req.ip,
        }),
      },
      ...(options.logStream ? { stream: options.logStream } : {}),
    },
    // One line per request, written once it is answered (below), instead of fastify's two.
    // (fastify 5.12 deprecates the top-level `disableRequestLogging` for this form.)
    logController: new LogController({ disableRequestLogging: true }),
    trustProxy: config.trustProxy,
    bodyLimit: BODY_LIMIT_BYTES,
    // Refusals before routing (bad URL encoding, a path segment over 100 characters) and those of
    // Node's HTTP parser answer in the app's error shape too (issue 15 defect 15).
    frameworkErrors,
    clientErrorHandler,
    // Node checks its request and header deadlines only every connectionsCheckingInterval (30 s
    // by default), which only createServer accepts: a client announcing 100 bytes and sending 4
    // (or trickling its headers) is cut off near the configured deadline (issue 15 defect 11).
    serverFactory: (handler) =>
      createServer(
        {
          requestTimeout: config.requestTimeoutMs,
          headersTimeout: config.headersTimeoutMs,
          keepAliveTimeout: config.keepAliveTimeoutMs,
          connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(config.headersTimeoutMs / 4))),
        },
        (req, res) => {
          // Requests being answered: the outbox keeps its transactions short meanwhile (outbox-worker.ts).
          inFlight++;
          res.once('close', () => inFlight--);
          handler(req, res);
        },
      ),
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  // The access log at info, the default level: one line per request once answered (method, path
  // without its query string, address, status, duration in ms). fastify writes two (« incoming
  // request », then « request completed »), each serialized and written to stdout at once; the
  // two cost 7 to 10 % of a sent invoice (issue 13, docs/performance.md).
  app.addHook('onResponse', (req, reply, done) => {
    req.log.info({ req, res: reply, responseTime: reply.elapsedTime }, 'request completed');
    done();
  });

  let worker: OutboxWorker | null = null;
  const ctx: AppContext = {
    config,
    db: database.db,
    dialect: database.dialect,
    now: options.now ?? (() => new Date()),
    nudgeOutbox: () => worker?.nudge(),
    requestsInFlight: () => inFlight,
  };
  // One sender (one SMTP transport) for every mail.
  const sendMail = createMailSender(ctx);
  worker = new OutboxWorker(
    ctx,
    {
      'mail.send': sendMail,
      'mail.invoice-status': statusMailSender(ctx, sendMail, app.log),
      'invoice.route': { batch: (trx, payloads) => routeInvoices(trx, { ...ctx, db: trx }, payloads) },
      'intake.read': flowReader(ctx),
      'edi.report': (p) => writeFlowReports(ctx, p),
      'edi.status': (p) => writeStatusReturn(ctx, p),
      'cpro.password-reminder': (p) => sendPasswordReminder(ctx, p),
      'webhook.deliver': webhookDeliverer(ctx),
    },
    app.log,
  );
  const purger = new OutboxPurger(ctx, app.log);

  if (!options.prepared) {
    const created = await prepareDatabase(config, database, ctx.now);
    if (created) app.log.info({ created }, 'demo public entities loaded');
  }

  registerErrorHandler(app);
  await app.register(cookie);
  // Uploads: one file of at most 10 MB a request (the attachment limit), a few small text fields.
  await app.register(multipart, {
    limits: { fileSize: attachmentLimits.fileMaxBytes, ...multipartLimits },
  });
  // Not the count above: a request stays here until answered, even once its client has left.
  const unanswered = trackRequestsInFlight(app);
  registerRequestScope(app, ctx);
  registerCsrf(app, ctx);
  registerSessions(app, ctx);
  registerCproAuth(app, ctx);
  const access = registerAccessControl(app);
  registerSecurityHeaders(app, config);
  let registeredRoutes: RegisteredRoute[] = [];
  await access.publicly(async () => {
    registeredRoutes = await registerOpenApi(app, config);
  });

  const readiness: Readiness = { closing: false };
  await app.register(healthRoutes(ctx, readiness));
  await app.register(accountsRoutes(ctx));
  await app.register(authRoutes(ctx));
  await app.register(meRoutes(ctx));
  await app.register(apiTokensRoutes(ctx));
  await app.register(directoryRoutes(ctx));
  await app.register(organisationRoutes(ctx));
  await app.register(membersRoutes(ctx));
  await app.register(intakeRoutes());
  await app.register(invoicesRoutes());
  await app.register(invoiceFilesRoutes());
  await app.register(followUpRoutes());
  await app.register(supportRoutes());
  await app.register(oauthRoutes(ctx));
  await app.register(connectionsRoutes(ctx));
  await app.register(sshKeysRoutes(ctx));
  await app.register(cproRoutes(ctx));
  await app.register(webhooksRoutes(ctx));
  if (config.devOutbox) await app.register(devOutboxRoutes(ctx));
  const outboxWarning = devOutboxWarning(config);
  if (outboxWarning) app.log.warn(outboxWarning);
  await access.publicly(() => registerPortal(app, config.webDistDir));

  // Graceful shutdown: readiness fails at once, the server stops taking connections and finishes
  // the requests in flight (those whose client has left too), then the jobs in hand end before the
  // database closes.
  app.addHook('preClose', async () => {
    readiness.closing = true;
  });
  app.addHook('onClose', async () => {
    await unanswered.settled();
    await Promise.all([worker.stop(), purger.stop()]);
    await validationPool.close();
    if (!options.database) await database.destroy();
  });
  if (options.startWorker !== false)
    app.addHook('onReady', async () => {
      worker.start();
      purger.start();
    });

  return Object.assign(app, {
    ctx,
    outbox: worker,
    registeredRoutes,
    routeTable: access.routes,
  }) as unknown as ChoraleApp;
}
