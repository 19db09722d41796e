import { readFile } from 'node:fs/promises';
import { detectFormat } from '../detect.ts';
import type { Invoice } from '../model/invoice.ts';
import { listTerms } from '../model/terms.ts';
import { parseInvoice } from '../parse.ts';
import { readPlainPdf } from '../pdf/extract-text.ts';
import { validateInvoice } from '../validation/validate.ts';
import { describeDetection, describeParse, describePlainPdf, describeReport, type Lang } from './human.ts';

const USAGE = `usage: chorale-einvoice <detect|parse|validate> [--json] [--terms] [--lang=fr|en] FILE...
  detect    dit le format de chaque fichier (Factur-X, PDF, UBL, CII) / tells each file's format
  parse     extrait le modèle EN 16931 / extracts the EN 16931 model (--terms: one line per BT)
  validate  XSD + règles EN 16931 ou profil Factur-X / XSD + EN 16931 or Factur-X profile rules
exit code: 0 when every file is detected / parsed / valid, 1 otherwise`;

/** Attachment contents are summarised by their size in the JSON output. */
function withoutContent(inv: Invoice | null): unknown {
  if (!inv) return null;
  return { ...inv, attachments: inv.attachments.map(({ content: _content, ...rest }) => rest) };
}

export async function main(
  argv: string[],
  out: (s: string) => void = (s) => process.stdout.write(`${s}\n`),
): Promise<number> {
  const [command, ...rest] = argv;
  const json = rest.includes('--json');
  const terms = rest.includes('--terms');
  const lang: Lang = rest.find((a) => a.startsWith('--lang='))?.slice(7) === 'en' ? 'en' : 'fr';
  const files = rest.filter((a) => !a.startsWith('--'));
  if (!command || !['detect', 'parse', 'validate'].includes(command) || files.length === 0) {
    out(USAGE);
    return 1;
  }
  let ok = true;
  const results: unknown[] = [];
  for (const file of files) {
    let bytes: Uint8Array;
    try {
      bytes = await readFile(file);
    } catch (e) {
      ok = false;
      const message = {
        fr: `fichier illisible (${(e as Error).message})`,
        en: `cannot read file (${(e as Error).message})`,
      };
      if (json) results.push({ file, error: message });
      else out(`✘ ${file}: ${message[lang]}`);
      continue;
    }
    if (command === 'detect') {
      const d = await detectFormat(bytes);
      ok &&= d.format !== 'unknown';
      if (json) results.push({ file, ...d });
      else out(describeDetection(file, d, lang));
    } else if (command === 'parse') {
      const r = await parseInvoice(bytes);
      ok &&= r.invoice !== null;
      if (r.detection.format === 'pdf') {
        // No XML: propose what the text says, each value with its confidence.
        let lastStatus = '';
        const plain = await readPlainPdf(bytes, {
          onProgress: (p) => {
            // OCR of a scan takes seconds per page: show where it is, on stderr.
            if (p.status !== lastStatus || p.progress === 1)
              process.stderr.write(
                `OCR ${file} page ${p.page}/${p.pages}: ${p.status} ${Math.round(p.progress * 100)} %\n`,
              );
            lastStatus = p.status;
          },
        });
        if (json)
          results.push({
            file,
            detection: r.detection,
            recognition: plain.recognition,
            findings: [...r.findings, ...plain.findings],
          });
        else out(describePlainPdf(file, plain, lang));
        continue;
      }
      if (json)
        results.push({
          file,
          detection: r.detection,
          invoice: terms && r.invoice ? listTerms(r.invoice) : withoutContent(r.invoice),
          findings: r.findings,
        });
      else if (terms && r.invoice)
        out(
          [`${file}:`, ...listTerms(r.invoice).map((t) => `  ${t.term.padEnd(7)} ${t.path} = ${String(t.value)}`)].join(
            '\n',
          ),
        );
      else out(describeParse(file, r, lang));
    } else {
      const r = await validateInvoice(bytes);
      ok &&= r.valid;
      if (json)
        results.push({
          file,
          valid: r.valid,
          ruleSet: r.ruleSet,
          format: r.detection.format,
          profile: r.detection.profile,
          findings: r.findings,
          durationMs: Math.round(r.durationMs * 10) / 10,
        });
      else out(describeReport(file, r, lang));
    }
  }
  if (json) out(JSON.stringify(results.length === 1 ? results[0] : results, null, 2));
  return ok ? 0 : 1;
}
