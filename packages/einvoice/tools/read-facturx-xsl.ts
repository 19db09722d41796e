import { readFileSync } from 'node:fs';
import { parseXmlSafely } from '../src/xml/safe-parse.ts';
import type { XmlElement } from '../src/xml/xml-node.ts';

export interface FacturxAssert {
  id: string;
  flag: string;
  label: string;
  message: string;
  context: string;
}

const XSL = 'http://www.w3.org/1999/XSL/Transform';
const SVRL = 'http://purl.oclc.org/dsdl/svrl';

/** Reads the asserts of a Factur-X profile XSL (compiled schematron): id, flag, [label], text, context. */
export function readFacturxXsl(path: string): FacturxAssert[] {
  const parsed = parseXmlSafely(readFileSync(path), {
    maxXmlBytes: 5e6,
    maxPdfBytes: 0,
    maxDepth: 64,
    maxElements: 2e6,
    maxAttributes: 64,
    timeLimitMs: 60_000,
  });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.findings));
  const out: FacturxAssert[] = [];
  const walk = (el: XmlElement, context: string) => {
    const ctx =
      el.ns === XSL && el.local === 'template' && el.attrs['match'] && el.attrs['mode']?.startsWith('M')
        ? el.attrs['match']!
        : context;
    if (el.ns === SVRL && el.local === 'failed-assert') {
      const attr = (name: string) =>
        el.children.find((c) => c.ns === XSL && c.local === 'attribute' && c.attrs['name'] === name)?.text.trim() ??
        null;
      const text =
        el.children
          .find((c) => c.ns === SVRL && c.local === 'text')
          ?.text.replace(/\s+/g, ' ')
          .trim() ?? '';
      const label = /^\[([^\]]+)\]/.exec(text)?.[1] ?? '';
      out.push({
        id: attr('id')!,
        flag: attr('flag') ?? 'fatal',
        label,
        message: text.replace(/^\[[^\]]+\]\s*-?\s*/, ''),
        context: ctx,
      });
    }
    for (const c of el.children) walk(c, ctx);
  };
  walk(parsed.root, '');
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const a of readFacturxXsl(process.argv[2]!))
    console.log(a.id, a.flag, a.label || '-', '|', a.context.slice(0, 80), '|', a.message.slice(0, 100));
}
