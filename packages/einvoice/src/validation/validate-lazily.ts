import type { InputLimits } from '../xml/limits.ts';
import type { ValidationReport } from './validate.ts';

/**
 * validateInvoice, with its rules (the generated syntax and code-list rules, their messages, the
 * EN 16931 and Factur-X checks: ~600 KB of source) imported at the first call instead of with
 * the package. A server validates in its pool's threads (validation-pool.ts): its processes would
 * otherwise each hold them for nothing (issue 13, memory). The package exports this one; the
 * bundler leaves validate.ts and the rules in a chunk of their own only if nothing else imports
 * them statically (index.ts must not re-export them).
 */
export async function validateInvoice(bytes: Uint8Array, limits?: InputLimits): Promise<ValidationReport> {
  const validate = await import('./validate.ts');
  return validate.validateInvoice(bytes, limits);
}
