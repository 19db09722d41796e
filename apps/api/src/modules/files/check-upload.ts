import { textProblem } from '@chorale/contracts';
import { attachmentLimits, attachmentNameProblem } from '@chorale/domain';
import { AppError } from '../../platform/app-error.ts';
import { contentMatchesExtension } from './file-type.ts';

/**
 * The checks every uploaded attachment passes: a safe name (last path segment only, no control
 * or bidi character), an allowed extension, a length limit, the 10 MB limit and content that
 * really is what the name says.
 * Returns the name to keep.
 */
export function checkUpload(rawName: string, bytes: Buffer): string {
  const fileName = rawName.split(/[\\/]/).pop()?.trim() ?? '';
  const fail = (message: string, code: 'VALIDATION_FAILED' | 'PAYLOAD_TOO_LARGE' = 'VALIDATION_FAILED') =>
    new AppError(code, message, { file: message });
  // Control and bidi characters first (issue 15, defects 3 and 14): « a\u202Efdp.txt » shows as « atxt.pdf ».
  const nameProblem = textProblem(fileName, 'Nom du fichier') ?? attachmentNameProblem(fileName);
  if (nameProblem) throw fail(nameProblem);
  if (bytes.length === 0) throw fail('Ce fichier est vide.');
  if (bytes.length > attachmentLimits.fileMaxBytes)
    throw fail('Un fichier ne doit pas dépasser 10 Mo.', 'PAYLOAD_TOO_LARGE');
  const ext = fileName.slice(fileName.lastIndexOf('.') + 1);
  if (!contentMatchesExtension(ext, bytes))
    throw fail(`Le contenu de ce fichier ne correspond pas à l’extension « .${ext.toLowerCase()} ».`);
  return fileName;
}
