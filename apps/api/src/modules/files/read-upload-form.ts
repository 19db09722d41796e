import type { FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { textProblem, tooLongMessage } from '@chorale/contracts';
import { AppError } from '../../platform/app-error.ts';
import { frameworkProblem, truncatedUpload } from '../../plugins/framework-errors.ts';

const FILE_NAME_MAX = 255;

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

export interface UploadFormOptions<S> {
  /** The schema of the text fields sent before the file. */
  fields?: S;
  /** A larger file limit than the attachment one (deposits of batches), and its message. */
  fileMaxBytes?: number;
  tooLargeMessage?: string;
}

/**
 * Reads a multipart form holding text fields and one file (fields first, as browsers send them).
 * The text fields go through their zod schema like any JSON body: never cut, never unchecked.
 * A body cut off before its closing boundary is a 400 that says so (issue 15 defect 6: it was
 * a 500), a limit reached is a 413 that names it.
 */
export async function readUploadForm<S extends z.ZodType<Record<string, unknown>> = z.ZodType<Record<string, string>>>(
  req: FastifyRequest,
  options: UploadFormOptions<S> = {},
): Promise<{ fields: z.output<S>; file: { fileName: string; bytes: Buffer } }> {
  if (!req.isMultipart())
    throw new AppError('VALIDATION_FAILED', 'Envoyez le fichier dans un formulaire multipart.', {
      file: 'Choisissez un fichier.',
    });
  const raw: Record<string, string> = {};
  let file: { fileName: string; bytes: Buffer } | null = null;
  const limits = options.fileMaxBytes ? { limits: { fileSize: options.fileMaxBytes } } : undefined;
  try {
    for await (const part of req.parts(limits)) {
      if (part.type === 'file') file = { fileName: part.filename, bytes: await part.toBuffer() };
      else if (part.valueTruncated)
        // Busboy cuts a field at its size limit without a word: refuse rather than keep half of it.
        throw new AppError('VALIDATION_FAILED', `Le champ « ${part.fieldname} » est trop long.`, {
          [part.fieldname]: `Le champ « ${part.fieldname} » est trop long.`,
        });
      else raw[part.fieldname] = String(part.value);
    }
  } catch (e) {
    throw uploadProblem(e, options.tooLargeMessage);
  }
  const parsed = options.fields?.safeParse(raw);
  if (parsed && !parsed.success) throw fieldsProblem(parsed.error);
  if (!file) throw new AppError('VALIDATION_FAILED', 'Choisissez un fichier.', { file: 'Choisissez un fichier.' });
  // Every uploaded name, attachment or deposit, obeys the text rule (no control or bidi character)
  // and is refused rather than cut when too long (issue 15 defects 3, 14 and 15).
  const nameProblem =
    textProblem(file.fileName, 'Nom du fichier') ??
    (file.fileName.length > FILE_NAME_MAX ? tooLongMessage('Nom du fichier', FILE_NAME_MAX) : null);
  if (nameProblem) throw new AppError('VALIDATION_FAILED', nameProblem, { file: nameProblem });
  return { fields: (parsed ? parsed.data : raw) as z.output<S>, file };
}

function uploadProblem(e: unknown, tooLargeMessage: string | undefined): AppError {
  if (e instanceof AppError) return e;
  const problem = frameworkProblem(e as { code?: string }) ?? truncatedUpload;
  const message = problem.code === 'PAYLOAD_TOO_LARGE' && tooLargeMessage ? tooLargeMessage : problem.message;
  return new AppError(problem.code, message, { file: message });
}
