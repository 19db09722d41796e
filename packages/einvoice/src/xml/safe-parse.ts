import { SaxesParser, type SaxesTagNS } from 'saxes';
import { finding, type Finding } from '../validation/finding.ts';
import { decodeXml } from './decode.ts';
import { DEFAULT_LIMITS, type InputLimits } from './limits.ts';
import type { XmlElement } from './xml-node.ts';

export type XmlParseResult =
  | { readonly ok: true; readonly root: XmlElement; readonly findings: Finding[] }
  | { readonly ok: false; readonly findings: Finding[] };

class Abort extends Error {}

function fail(rule: string, fr: string, en: string, location = '/'): Finding {
  return finding('xml', rule, 'fatal', location, fr, en);
}

/**
 * Parses XML without ever resolving a DTD or an entity other than the five predefined ones:
 * any DOCTYPE is refused before parsing (XXE, billion laughs), and size, depth, element count
 * and time are bounded. Never throws: problems come back as findings.
 */
export function parseXmlSafely(input: Uint8Array | string, limits: InputLimits = DEFAULT_LIMITS): XmlParseResult {
  const size = typeof input === 'string' ? input.length : input.byteLength;
  if (size > limits.maxXmlBytes) {
    return {
      ok: false,
      findings: [
        fail(
          'XML-SIZE',
          `Fichier XML trop volumineux (${size} octets, maximum ${limits.maxXmlBytes}) : une facture ne devrait pas dépasser cette taille ; placez les pièces jointes lourdes à part.`,
          `XML file too large (${size} bytes, maximum ${limits.maxXmlBytes}): move heavy attachments out of the invoice.`,
        ),
      ],
    };
  }
  const decoded = typeof input === 'string' ? { text: input, findings: [] as Finding[] } : decodeXml(input);
  const findings = [...decoded.findings];
  const text = decoded.text;
  if (/<!(DOCTYPE|ENTITY)/i.test(text)) {
    findings.push(
      fail(
        'XML-DOCTYPE',
        "Le fichier contient une déclaration DOCTYPE ou ENTITY : elle est refusée pour des raisons de sécurité (entités externes, expansion d'entités). Supprimez-la.",
        'The file contains a DOCTYPE or ENTITY declaration, refused for security (external entities, entity expansion). Remove it.',
      ),
    );
    return { ok: false, findings };
  }

  const started = Date.now();
  const parser = new SaxesParser({ xmlns: true, position: true });
  const stack: XmlElement[] = [];
  let root: XmlElement | null = null;
  let elements = 0;
  let error: Finding | null = null;

  parser.on('error', (e) => {
    if (!error) {
      error = fail(
        'XML-WELLFORMED',
        `XML mal formé (${e.message}) : le fichier est tronqué ou corrompu ; renvoyez un fichier XML complet.`,
        `Malformed XML (${e.message}): the file is truncated or corrupt; send a complete XML file.`,
      );
    }
    throw new Abort();
  });
  parser.on('opentag', (tag: SaxesTagNS) => {
    elements++;
    if (stack.length >= limits.maxDepth) {
      error = fail(
        'XML-DEPTH',
        `Imbrication XML trop profonde (plus de ${limits.maxDepth} niveaux) : ce n'est pas une facture valide.`,
        `XML nesting too deep (over ${limits.maxDepth} levels): not a valid invoice.`,
      );
      throw new Abort();
    }
    if (elements > limits.maxElements) {
      error = fail(
        'XML-SIZE',
        `Trop d'éléments XML (plus de ${limits.maxElements}) : fichier refusé.`,
        `Too many XML elements (over ${limits.maxElements}): file refused.`,
      );
      throw new Abort();
    }
    if ((elements & 1023) === 0 && Date.now() - started > limits.timeLimitMs) {
      error = fail('XML-TIME', 'Analyse XML trop longue : fichier refusé.', 'XML parsing took too long: file refused.');
      throw new Abort();
    }
    const attrs: Record<string, string> = {};
    let count = 0;
    for (const a of Object.values(tag.attributes)) {
      if (a.prefix === 'xmlns' || a.name === 'xmlns') continue;
      if (++count > limits.maxAttributes) {
        error = fail(
          'XML-SIZE',
          "Trop d'attributs sur un élément : fichier refusé.",
          'Too many attributes on one element: file refused.',
        );
        throw new Abort();
      }
      attrs[a.uri ? `{${a.uri}}${a.local}` : a.local] = a.value;
    }
    const parent = stack[stack.length - 1] ?? null;
    const el: XmlElement = {
      ns: tag.uri,
      local: tag.local,
      prefix: tag.prefix,
      attrs,
      children: [],
      text: '',
      parent,
      line: parser.line,
    };
    if (parent) parent.children.push(el);
    else root = el;
    stack.push(el);
  });
  parser.on('text', (t) => {
    const top = stack[stack.length - 1];
    // Indentation between elements is not kept: values are compared trimmed everywhere.
    if (top && (top.text !== '' || !/^\s*$/.test(t))) top.text += t;
  });
  parser.on('cdata', (t) => {
    const top = stack[stack.length - 1];
    if (top) top.text += t;
  });
  parser.on('closetag', () => {
    stack.pop();
  });

  try {
    parser.write(text).close();
  } catch (e) {
    if (!(e instanceof Abort)) {
      error ??= fail('XML-WELLFORMED', `XML illisible (${String(e)}).`, `Unreadable XML (${String(e)}).`);
    }
  }
  if (error) return { ok: false, findings: [...findings, error] };
  if (!root) {
    findings.push(fail('XML-EMPTY', 'Le fichier ne contient aucun élément XML.', 'The file contains no XML element.'));
    return { ok: false, findings };
  }
  return { ok: true, root, findings };
}
