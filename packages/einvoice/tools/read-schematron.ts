import { readFileSync } from 'node:fs';
import { parseXmlSafely } from '../src/xml/safe-parse.ts';
import type { XmlElement } from '../src/xml/xml-node.ts';

export interface SchAssert {
  id: string;
  flag: string;
  test: string;
  message: string;
}
export interface SchRule {
  context: string;
  asserts: SchAssert[];
}
export interface SchPattern {
  id: string;
  rules: SchRule[];
}

const SCH = 'http://purl.oclc.org/dsdl/schematron';

function kids(el: XmlElement, local: string): XmlElement[] {
  return el.children.filter((c) => c.ns === SCH && c.local === local);
}

/** Reads the official preprocessed schematron (patterns, rules, asserts) with our own safe parser. */
export function readSchematron(path: string): { patterns: SchPattern[]; lets: Record<string, string> } {
  const parsed = parseXmlSafely(readFileSync(path), {
    maxXmlBytes: 5e6,
    maxPdfBytes: 0,
    maxDepth: 64,
    maxElements: 1e6,
    maxAttributes: 64,
    timeLimitMs: 60_000,
  });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.findings));
  const lets: Record<string, string> = {};
  const walkLets = (el: XmlElement) => {
    for (const l of kids(el, 'let')) lets[l.attrs['name']!] = l.attrs['value']!;
  };
  walkLets(parsed.root);
  const patterns = kids(parsed.root, 'pattern').map((p) => {
    walkLets(p);
    return {
      id: p.attrs['id'] ?? '',
      rules: kids(p, 'rule').map((r) => ({
        context: r.attrs['context']!,
        asserts: kids(r, 'assert').map((a) => ({
          id: a.attrs['id']!,
          flag: a.attrs['flag']!,
          test: a.attrs['test']!,
          message: a.text.replace(/\s+/g, ' ').trim(),
        })),
      })),
    };
  });
  return { patterns, lets };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { patterns, lets } = readSchematron(process.argv[2]!);
  console.log(JSON.stringify({ lets, patterns }, null, 1));
}
