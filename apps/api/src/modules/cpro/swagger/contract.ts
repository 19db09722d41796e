import { readFileSync } from 'node:fs';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';

/**
 * The official Chorus Pro Swaggers (Swagger 2.0, see SOURCE.md), read by a JSON Schema validator:
 * the compatibility API validates every request of a documented operation against them, and the
 * contract tests validate requests and answers with the same functions.
 */
export type SwaggerApi = 'factures' | 'structures';

interface SwaggerDocument {
  basePath: string;
  paths: Record<string, Record<string, SwaggerOperation>>;
  definitions: Record<string, unknown>;
}
interface SwaggerOperation {
  operationId: string;
  parameters?: { in: string; name: string; required?: boolean; schema?: unknown }[];
  responses: Record<string, { description: string; schema?: unknown }>;
}

const files: Record<SwaggerApi, string> = {
  factures: 'api-chorus-pro-factures.swagger.json',
  structures: 'api-chorus-pro-structures.swagger.json',
};

export const swaggerDocuments: Record<SwaggerApi, SwaggerDocument> = Object.fromEntries(
  Object.entries(files).map(([api, file]) => [
    api,
    JSON.parse(readFileSync(new URL(file, import.meta.url), 'utf8')) as SwaggerDocument,
  ]),
) as Record<SwaggerApi, SwaggerDocument>;

// Swagger 2.0 formats: number sizes are not checked beyond « integer » / « number ». `date-time`
// also takes a plain date: Chorus Pro clients send `"dateFacture": "2026-12-01"` (DOMAIN §9).
const dateOrDateTime = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
// Made at the first validation: the two documents' definitions registered in a validator weigh
// in every server process, most of which never serve the compatible API (issue 13, memory).
let ajv: Ajv | undefined;
function validators(): Ajv {
  if (ajv) return ajv;
  ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true });
  for (const format of ['int32', 'int64', 'double', 'float', 'byte', 'binary'])
    ajv.addFormat(format, { validate: () => true });
  ajv.addFormat('date-time', dateOrDateTime);
  for (const [api, doc] of Object.entries(swaggerDocuments))
    ajv.addSchema({ definitions: doc.definitions }, `cpro-${api}`);
  return ajv;
}

/** Every operation of both Swaggers, as `<api>/v1/<operation>` paths. */
export function swaggerOperations(): { api: SwaggerApi; path: string; operationId: string }[] {
  return (Object.keys(swaggerDocuments) as SwaggerApi[]).flatMap((api) =>
    Object.entries(swaggerDocuments[api].paths).map(([path, methods]) => ({
      api,
      path: `${api}${path}`,
      operationId: methods.post!.operationId,
    })),
  );
}

/** Rewrites the document's local $refs to the schema registered for its API. */
function withRefs(api: SwaggerApi, schema: unknown): unknown {
  return JSON.parse(JSON.stringify(schema), (key, value: unknown) =>
    key === '$ref' && typeof value === 'string' && value.startsWith('#/') ? `cpro-${api}${value}` : value,
  );
}

export interface ContractCheck {
  ok: boolean;
  errors: string[];
}

const describe = (errors: ErrorObject[] | null | undefined) =>
  (errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`.trim());

const compiled = new Map<string, ValidateFunction | null>();
function validator(api: SwaggerApi, path: string, which: 'request' | string): ValidateFunction | null {
  const key = `${api} ${path} ${which}`;
  if (!compiled.has(key)) {
    const op = swaggerDocuments[api].paths[path]?.post;
    const schema =
      which === 'request' ? op?.parameters?.find((p) => p.in === 'body')?.schema : op?.responses[which]?.schema;
    compiled.set(key, schema ? validators().compile(withRefs(api, schema) as object) : null);
  }
  return compiled.get(key)!;
}

/** The Swagger's operation at `<api>/v1/<operation>` (e.g. `factures/v1/soumettre`), if any. */
export function swaggerOperation(fullPath: string) {
  const [api, ...rest] = fullPath.split('/');
  if (api !== 'factures' && api !== 'structures') return null;
  const path = `/${rest.join('/')}`;
  const op = swaggerDocuments[api].paths[path]?.post;
  if (!op) return null;
  const check = (which: string, body: unknown): ContractCheck => {
    const validate = validator(api, path, which);
    if (!validate) return { ok: true, errors: [] };
    const ok = validate(body) as boolean;
    return { ok, errors: ok ? [] : describe(validate.errors) };
  };
  return {
    api,
    path,
    operationId: op.operationId,
    /** The statuses the Swagger lists for this operation. */
    statuses: Object.keys(op.responses).map(Number),
    validateRequest: (body: unknown) => check('request', body),
    validateResponse: (status: number, body: unknown) => check(String(status), body),
    /** The request built from the `example` values of its schema's properties (the Swagger's examples). */
    exampleRequest: () => {
      const schema = op.parameters?.find((p) => p.in === 'body')?.schema;
      return schema ? exampleOf(api, schema, 0) : undefined;
    },
    /** The `example` values of the success answer's properties (the Swagger's examples). */
    exampleResponse: () => {
      const schema = op.responses['200']?.schema;
      return schema ? (exampleOf(api, schema, 0) as Record<string, unknown> | undefined) : undefined;
    },
  };
}

interface JsonSchema {
  $ref?: string;
  type?: string;
  example?: unknown;
  enum?: unknown[];
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
}

function exampleOf(api: SwaggerApi, schema: unknown, depth: number): unknown {
  let s = schema as JsonSchema;
  if (s.$ref) s = swaggerDocuments[api].definitions[s.$ref.replace('#/definitions/', '')] as JsonSchema;
  if (s.example !== undefined) return s.example;
  if (depth > 6) return undefined;
  if (s.type === 'array' && s.items) {
    const item = exampleOf(api, s.items, depth + 1);
    return item === undefined ? undefined : [item];
  }
  if (s.properties) {
    const out: Record<string, unknown> = {};
    for (const [name, prop] of Object.entries(s.properties)) {
      const value = exampleOf(api, prop, depth + 1);
      if (value !== undefined) out[name] = value;
    }
    return Object.keys(out).length ? out : undefined;
  }
  return undefined;
}
