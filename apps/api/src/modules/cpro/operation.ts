import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { textProblem } from '@chorale/contracts';
import { isUniqueViolation } from '@chorale/db';
import type { AppContext } from '../../platform/context.ts';
import { isoNow } from '../../platform/context.ts';
import { sha256 } from '../../platform/secrets.ts';
import { cproRoute } from '../../plugins/access-control.ts';
import type { CproActor } from './auth.ts';
import { CPRO_OK, CproError, cproErrorAnswer } from './envelope.ts';
import { swaggerOperation } from './swagger/contract.ts';

/**
 * Registration of the operations of the Chorus Pro-compatible API, `/cpro/<api>/v1/<operation>`:
 * POST + JSON (GET only for `transverses/v1/health-check`), the caller authenticated by
 * auth.ts, the request checked against the official Swagger when the operation is in it and
 * against the text rule of the whole platform, the answer wrapped in the `codeRetour`/`libelle`
 * envelope, errors in the same shape (error-handler.ts), and `Idempotency-Key` honoured.
 */
export interface CproOperationInput<B> {
  body: B;
  actor: CproActor;
  /** The application's context for this request (its scope of reads: request-scope.ts). */
  ctx: AppContext;
  request: FastifyRequest;
  reply: FastifyReply;
}

export interface CproOperation<S extends z.ZodType = z.ZodType> {
  /** `<api>/v1/<operation>`, e.g. `factures/v1/soumettre`. */
  path: string;
  method?: 'POST' | 'GET';
  /** Extra checks and typing of the body, after the Swagger's schema (text rule, lengths…). */
  body?: S;
  handler: (input: CproOperationInput<z.output<S>>) => Promise<Record<string, unknown>>;
  /** Bytes a request may carry (default: the app's 1 MB); files in base64 need more. */
  bodyLimit?: number;
}

/** Paths registered so far, for the test that walks the Swaggers and the README list. */
export const servedCproPaths = new Set<string>();

/** Longest string a /cpro request may carry outside files (base64 file fields are exempt). */
const MAX_TEXT = 100_000;
const FILE_FIELDS = /^(pieceJointeFichier|fichierFacture|fichierFlux|fichier)$/;

/** The platform's text rule on every string of a JSON body (control and bidi characters). */
export function checkCproText(value: unknown, path = ''): void {
  if (typeof value === 'string') {
    const name = path.split('.').pop() ?? path;
    if (FILE_FIELDS.test(name)) return;
    if (value.length > MAX_TEXT) throw new CproError('INVALID', `« ${path} » est trop long.`);
    const problem = textProblem(value, path || 'corps', { multiline: true });
    if (problem) throw new CproError('INVALID', problem);
    return;
  }
  if (Array.isArray(value)) value.forEach((v, i) => checkCproText(v, `${path}[${i}]`));
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) checkCproText(v, path ? `${path}.${k}` : k);
}

function zodLibelle(error: z.ZodError): string {
  const details = error.issues.map((i) => `[${i.path.join('.') || 'corps'}] ${i.message}`);
  return `Requête invalide : ${details.join(' ; ')}`;
}

/** Validates a body with a zod schema, answering 400 / 20002 in the Chorus Pro shape. */
export function parseCproBody<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new CproError('INVALID', zodLibelle(parsed.error));
  return parsed.data;
}

const IDEMPOTENCY_HEADER = 'idempotency-key';

/** Runs the handler once per (technical account, operation, key); a replay gets the first answer. */
async function withIdempotency(
  ctx: AppContext,
  request: FastifyRequest,
  reply: FastifyReply,
  operation: string,
  run: () => Promise<Record<string, unknown>>,
): Promise<unknown> {
  const header = request.headers[IDEMPOTENCY_HEADER];
  if (header === undefined) return run();
  const key = Array.isArray(header) ? header[0]! : header;
  if (!key || key.length > 255 || textProblem(key, 'Idempotency-Key'))
    throw new CproError('INVALID', 'L’en-tête « Idempotency-Key » doit être un texte d’au plus 255 caractères.');
  const actor = request.cpro!;
  const requestHash = sha256(JSON.stringify(request.body ?? null));
  try {
    await ctx.db
      .insertInto('cpro_idempotency')
      .values({
        technical_account_id: actor.technicalAccountId,
        operation,
        idem_key: key,
        request_hash: requestHash,
        created_at: isoNow(ctx),
      })
      .execute();
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    const first = await ctx.db
      .selectFrom('cpro_idempotency')
      .select(['request_hash', 'http_status', 'response_body'])
      .where('technical_account_id', '=', actor.technicalAccountId)
      .where('operation', '=', operation)
      .where('idem_key', '=', key)
      .executeTakeFirstOrThrow();
    if (first.request_hash !== requestHash)
      throw new CproError(
        'INVALID',
        'Cette clé d’idempotence (« Idempotency-Key ») a déjà servi pour une autre requête : utilisez une nouvelle clé pour une nouvelle demande.',
      );
    if (first.http_status === null || first.response_body === null)
      throw new CproError(
        'CONFLICT',
        'Une requête avec la même clé d’idempotence est en cours de traitement : réessayez dans un instant.',
      );
    reply.header('idempotent-replayed', 'true');
    return reply.status(first.http_status).send(JSON.parse(first.response_body));
  }
  const forget = () =>
    ctx.db
      .deleteFrom('cpro_idempotency')
      .where('technical_account_id', '=', actor.technicalAccountId)
      .where('operation', '=', operation)
      .where('idem_key', '=', key)
      .execute();
  let body: Record<string, unknown>;
  try {
    body = await run();
  } catch (error) {
    const answer = cproErrorAnswer(error);
    // A refusal is an answer too (the same request would be refused again); an unexpected failure
    // frees the key so that the client can retry.
    if (answer && answer.status < 500)
      await ctx.db
        .updateTable('cpro_idempotency')
        .set({ http_status: answer.status, response_body: JSON.stringify(answer.body) })
        .where('technical_account_id', '=', actor.technicalAccountId)
        .where('operation', '=', operation)
        .where('idem_key', '=', key)
        .execute();
    else await forget();
    throw error;
  }
  await ctx.db
    .updateTable('cpro_idempotency')
    .set({ http_status: 200, response_body: JSON.stringify(body) })
    .where('technical_account_id', '=', actor.technicalAccountId)
    .where('operation', '=', operation)
    .where('idem_key', '=', key)
    .execute();
  return body;
}

/** Registers one operation of the compatibility API. */
export function registerCproOperation<S extends z.ZodType>(
  app: FastifyInstance,
  ctx: AppContext,
  op: CproOperation<S>,
): void {
  const swagger = swaggerOperation(op.path);
  const method = op.method ?? 'POST';
  servedCproPaths.add(op.path);
  app.route({
    method,
    url: `/cpro/${op.path}`,
    ...cproRoute,
    ...(op.bodyLimit ? { bodyLimit: op.bodyLimit } : {}),
    schema: { hide: true },
    handler: async (request, reply) => {
      const raw = method === 'GET' ? {} : (request.body ?? {});
      if (method === 'POST' && (typeof raw !== 'object' || Array.isArray(raw)))
        throw new CproError('INVALID', 'Le corps de la requête doit être un objet JSON.');
      if (swagger) {
        const check = swagger.validateRequest(raw);
        if (!check.ok)
          throw new CproError('INVALID', `Requête non conforme au contrat Chorus Pro : ${check.errors.join(' ; ')}`);
      }
      checkCproText(raw);
      const body = (op.body ? parseCproBody(op.body, raw) : raw) as z.output<S>;
      return withIdempotency(ctx, request, reply, op.path, async () => ({
        ...CPRO_OK,
        ...(await op.handler({ body, actor: request.cpro!, ctx: request.ctx, request, reply })),
      }));
    },
  });
}

/**
 * An operation of the Swaggers (or of DOMAIN.md §9) that Chorale does not serve yet: it exists,
 * authenticates its caller, and answers the error shape with a French `libelle` saying so.
 */
export function registerNotServedOperation(app: FastifyInstance, path: string, reason: string): void {
  notServedCproPaths.set(path, reason);
  app.route({
    method: 'POST',
    url: `/cpro/${path}`,
    ...cproRoute,
    schema: { hide: true },
    handler: async () => {
      throw new CproError('NOT_SERVED', `L’opération « ${path} » n’est pas encore disponible sur Chorale. ${reason}`);
    },
  });
}

/** Operations that answer « not yet », with their reason (README and the Swagger walk test). */
export const notServedCproPaths = new Map<string, string>();
