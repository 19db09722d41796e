import { z } from 'zod';

/**
 * The one rule for text the API accepts (issue 15, defects 3, 14 and 15): every string of a
 * request (body field, query string, path segment, uploaded file name) goes through `text()` or
 * `textProblem()`, so that
 * - control characters never reach the database (PostgreSQL refuses U+0000 with a 500) nor the
 *   PDFs, mails and CSV exports: C0 and C1 controls and DEL; tab and line breaks only in the
 *   fields written on several lines;
 * - bidirectional controls cannot spoof a name (« facture‮fdp.exe » shown as « facture.exe.pdf »):
 *   embeddings, overrides, isolates and the invisible direction marks (French and the State's
 *   directory never need them; Arabic or Hebrew text displays right without them);
 * - a value longer than its column is refused with a French message on the field, never cut.
 * The patterns are plain regular expressions so that the OpenAPI description carries them too.
 */
const BIDI = '\\u061C\\u200E\\u200F\\u202A-\\u202E\\u2066-\\u2069';
const LINE_SEPARATORS = '\\u2028\\u2029';
const singleLineForbidden = new RegExp(`[\\u0000-\\u001F\\u007F-\\u009F${LINE_SEPARATORS}${BIDI}]`);
const multilineForbidden = new RegExp(
  `[\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F${LINE_SEPARATORS}${BIDI}]`,
);
const allowedOnly = (forbidden: RegExp) => new RegExp(`^${forbidden.source.replace('[', '[^')}*$`);
const singleLineAllowed = allowedOnly(singleLineForbidden);
const multilineAllowed = allowedOnly(multilineForbidden);
const bidiControl = new RegExp(`[${BIDI}]`);
const lineBreak = /[\t\n\r]/;

export interface TextOptions {
  /** Comments and descriptions: tab, CR and LF are allowed. */
  multiline?: boolean;
  /** Passwords and tokens keep their spaces (default: trimmed). */
  trim?: boolean;
}

export const requiredMessage = (label: string) => `Le champ « ${label} » est obligatoire.`;
export const tooLongMessage = (label: string, max: number) =>
  `« ${label} » ne doit pas dépasser ${max.toLocaleString('fr-FR')} caractères.`;

const codePoint = (c: string) => `U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;

/** The French message for a value breaking the rule, or null when the characters are acceptable. */
export function textProblem(value: string, label: string, options: TextOptions = {}): string | null {
  const found = (options.multiline ? multilineForbidden : singleLineForbidden).exec(value)?.[0];
  if (found === undefined) return null;
  if (bidiControl.test(found))
    return `« ${label} » contient un caractère invisible qui change le sens d’écriture (${codePoint(found)}) : retirez-le.`;
  if (lineBreak.test(found)) return `« ${label} » doit tenir sur une seule ligne, sans tabulation.`;
  return `« ${label} » contient un caractère de contrôle invisible (${codePoint(found)}) : retirez-le.`;
}

/** A request string of at most `max` characters obeying the rule above ('' accepted). */
export function text(label: string, max: number, options: TextOptions & { required?: boolean } = {}) {
  const base = z.string({ error: options.required ? requiredMessage(label) : `« ${label} » doit être un texte.` });
  const checked = (options.trim === false ? base : base.trim())
    .max(max, tooLongMessage(label, max))
    .regex(options.multiline ? multilineAllowed : singleLineAllowed, {
      error: (issue) => textProblem(String(issue.input), label, options) ?? 'Valeur invalide.',
    });
  return options.required ? checked.min(1, requiredMessage(label)) : checked;
}

/** A text the user must fill in. */
export const requiredText = (label: string, max: number, options: TextOptions = {}) =>
  text(label, max, { ...options, required: true });

/** A text the user may leave empty; absent means ''. */
export const optionalText = (label: string, max: number, options: TextOptions = {}) =>
  text(label, max, options).optional().default('');
