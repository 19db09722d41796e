import { checkFacturxProfile } from '../facturx/profile-rules.ts';
import { profileOfGuideline } from '../facturx/profile.ts';
import { parseInvoice, unreadFile, type ParseResult } from '../parse.ts';
import { DEFAULT_LIMITS, type InputLimits } from '../xml/limits.ts';
import { checkEn16931 } from './en16931.ts';
import { finding, type Finding } from './finding.ts';
import { checkXsd } from './xsd/check-xsd.ts';

export interface ValidationReport extends ParseResult {
  /** True when no finding is fatal. */
  readonly valid: boolean;
  /** Which rule set judged the content: EN 16931, or a Factur-X profile not EN 16931-complete. */
  readonly ruleSet: 'EN 16931' | 'Factur-X MINIMUM' | 'Factur-X BASIC WL' | null;
  readonly durationMs: number;
}

/**
 * Validates any supported file: safe parsing, XSD, then EN 16931 (syntax and business rules),
 * or the Factur-X profile rules for MINIMUM and BASIC WL. Never throws: a broken file gives a
 * report with findings.
 */
export async function validateInvoice(
  bytes: Uint8Array,
  limits: InputLimits = DEFAULT_LIMITS,
): Promise<ValidationReport> {
  const started = performance.now();
  let parsed: ParseResult;
  const findings: Finding[] = [];
  let ruleSet: ValidationReport['ruleSet'] = null;
  try {
    parsed = await parseInvoice(bytes, limits);
    findings.push(...parsed.findings);
    // Each stage is linear in the (bounded) input; the budget is still checked between stages.
    const overBudget = () => performance.now() - started > limits.timeLimitMs;
    if (parsed.invoice && parsed.root && overBudget()) {
      findings.push(
        finding(
          'input',
          'TIME-LIMIT',
          'fatal',
          '/',
          `Validation interrompue : plus de ${limits.timeLimitMs} ms pour ce fichier. Réduisez sa taille ou son nombre de lignes.`,
          `Validation stopped: over ${limits.timeLimitMs} ms for this file. Reduce its size or number of lines.`,
        ),
      );
    } else if (parsed.invoice && parsed.root) {
      findings.push(...checkXsd(parsed.root));
      const profile = profileOfGuideline(parsed.invoice.customizationId);
      if (parsed.invoice.syntax === 'CII' && (profile === 'MINIMUM' || profile === 'BASIC WL')) {
        ruleSet = profile === 'MINIMUM' ? 'Factur-X MINIMUM' : 'Factur-X BASIC WL';
        findings.push(...checkFacturxProfile(parsed.invoice, parsed.root, profile));
      } else {
        ruleSet = 'EN 16931';
        findings.push(...checkEn16931(parsed.invoice, parsed.root));
      }
    }
  } catch (e) {
    // A bug of ours must not turn into a crash for the caller: report it as a finding.
    parsed ??= unreadFile(null);
    findings.push(
      finding(
        'input',
        'INTERNAL',
        'fatal',
        '/',
        `Erreur interne pendant la validation (${String(e)}) : signalez-la avec le fichier.`,
        `Internal error during validation (${String(e)}): report it with the file.`,
      ),
    );
  }
  return {
    ...parsed!,
    findings,
    valid: !findings.some((f) => f.severity === 'fatal'),
    ruleSet,
    durationMs: performance.now() - started,
  };
}
