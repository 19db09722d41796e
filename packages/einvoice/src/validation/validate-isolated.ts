import { Worker } from 'node:worker_threads';
import { DEFAULT_LIMITS, type InputLimits } from '../xml/limits.ts';
import { finding } from './finding.ts';
import type { ValidationReport } from './validate.ts';

/**
 * validateInvoice in a worker thread, terminated when it exceeds the time limit: a hard bound
 * for servers that take files from anyone, whatever an unforeseen input does to the parsers.
 * The report has no XML tree (root is null).
 */
export async function validateInvoiceIsolated(
  bytes: Uint8Array,
  limits: InputLimits = DEFAULT_LIMITS,
  startupMarginMs = 2000,
): Promise<ValidationReport> {
  const worker = new Worker(new URL('./validate-worker-entry.mjs', import.meta.url), {
    workerData: { bytes, limits },
    resourceLimits: { maxOldGenerationSizeMb: 512 },
  });
  return new Promise((resolve) => {
    const stopped = (rule: string, fr: string, en: string): ValidationReport => ({
      detection: {
        format: 'unknown',
        container: 'other',
        profile: null,
        xmpConformanceLevel: null,
        pdfaPart: null,
        invoiceXmlName: null,
        attachments: [],
        reason: { fr, en },
      },
      invoice: null,
      root: null,
      xmlBytes: null,
      valid: false,
      ruleSet: null,
      durationMs: limits.timeLimitMs,
      findings: [finding('input', rule, 'fatal', '/', fr, en)],
    });
    // Starting the worker itself takes time: the budget covers the validation, plus a margin.
    const timer = setTimeout(() => {
      void worker.terminate();
      resolve(
        stopped(
          'TIME-LIMIT',
          `Validation interrompue après ${limits.timeLimitMs} ms : fichier refusé.`,
          `Validation stopped after ${limits.timeLimitMs} ms: file refused.`,
        ),
      );
    }, limits.timeLimitMs + startupMarginMs);
    worker.once('message', (report: ValidationReport) => {
      clearTimeout(timer);
      void worker.terminate();
      resolve(report);
    });
    worker.once('error', (e) => {
      clearTimeout(timer);
      resolve(
        stopped('INTERNAL', `Erreur pendant la validation (${e.message}).`, `Error during validation (${e.message}).`),
      );
    });
  });
}
