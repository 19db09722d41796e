import type { FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { AppError } from '../../platform/app-error.ts';

/** The first French message of each field, in the app's error shape (as for JSON bodies). */
function fieldsProblem(error: z.ZodError): AppError {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const path = issue.path.map(String).join('.');
    if (!fields[path]) fields[path] = issue.message;
  }
  return new AppError(
    'VALIDATION_FAILED',
    'Certains champs sont à corriger : voyez le message à côté de chacun.',
    fields,
  );
}

/**
 * Reads a multipart form holding text fields and one file (fields first, as browsers send them).
 * The text fields go through their zod schema like any JSON body: never cut, never unchecked.
 */
export async function readUploadForm<S extends z.ZodType<Record<string, unknown>>>(
  req: FastifyRequest,
  fieldsSchema?: S,
): Promise<{ fields: z.output<S>; file: { fileName: string; bytes: Buffer } }> {
  if (!req.isMultipart())
    throw new AppError('VALIDATION_FAILED', 'Envoyez le fichier dans un formulaire multipart.', {
      file: 'Choisissez un fichier.',
    });
  const raw: Record<string, string> = {};
  let file: { fileName: string; bytes: Buffer } | null = null;
  for await (const part of req.parts()) {
    if (part.type === 'file') file = { fileName: part.filename, bytes: await part.toBuffer() };
    else raw[part.fieldname] = String(part.value);
  }
  const parsed = fieldsSchema?.safeParse(raw);
  if (parsed && !parsed.success) throw fieldsProblem(parsed.error);
  if (!file) throw new AppError('VALIDATION_FAILED', 'Choisissez un fichier.', { file: 'Choisissez un fichier.' });
  return { fields: (parsed?.data ?? {}) as z.output<S>, file };
}
