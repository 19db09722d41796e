import type { FastifyRequest } from 'fastify';
import { AppError } from '../../platform/app-error.ts';

/** Reads a multipart form holding text fields and one file (fields first, as browsers send them). */
export async function readUploadForm(
  req: FastifyRequest,
): Promise<{ fields: Record<string, string>; file: { fileName: string; bytes: Buffer } }> {
  if (!req.isMultipart())
    throw new AppError('VALIDATION_FAILED', 'Envoyez le fichier dans un formulaire multipart.', {
      file: 'Choisissez un fichier.',
    });
  const fields: Record<string, string> = {};
  let file: { fileName: string; bytes: Buffer } | null = null;
  for await (const part of req.parts()) {
    if (part.type === 'file') file = { fileName: part.filename, bytes: await part.toBuffer() };
    else fields[part.fieldname] = String(part.value);
  }
  if (!file) throw new AppError('VALIDATION_FAILED', 'Choisissez un fichier.', { file: 'Choisissez un fichier.' });
  return { fields, file };
}
