/** A minimal XML writer: elements built as data, then serialized with escaping. */
export interface XmlNode {
  readonly name: string;
  readonly attrs: Record<string, string | null | undefined>;
  readonly children: (XmlNode | string)[];
}

type Child = XmlNode | string | null | undefined | false | Child[];

function flatten(children: Child[]): (XmlNode | string)[] {
  const out: (XmlNode | string)[] = [];
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) out.push(...flatten(c));
    else out.push(c);
  }
  return out;
}

/** An element; null/undefined children are skipped. */
export function el(name: string, attrs: Record<string, string | null | undefined> = {}, ...children: Child[]): XmlNode {
  return { name, attrs, children: flatten(children) };
}

/** An element holding a text value, or nothing when the value is absent. */
export function leaf(
  name: string,
  value: string | null | undefined,
  attrs: Record<string, string | null | undefined> = {},
): XmlNode | null {
  if (value === null || value === undefined) return null;
  return el(name, attrs, value);
}

/** An element only when it has at least one child: optional groups of optional fields. */
export function group(
  name: string,
  attrs: Record<string, string | null | undefined>,
  ...children: Child[]
): XmlNode | null {
  const node = el(name, attrs, ...children);
  return node.children.length > 0 ? node : null;
}

/** What escapeXml changes: most values have none of it and are returned as they are. */
// eslint-disable-next-line no-control-regex -- control characters are among what it changes
const NEEDS_ESCAPE = /[&<>"\u0000-\u001F\uFFFE\uFFFF]/;

export function escapeXml(s: string, attribute = false): string {
  if (!NEEDS_ESCAPE.test(s)) return s;
  let out = s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  if (attribute) out = out.replace(/"/g, '&quot;').replace(/\n/g, '&#10;');
  // Characters XML 1.0 forbids are dropped rather than written.
  // eslint-disable-next-line no-control-regex -- matching those control characters is the point
  return out.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '');
}

export function serializeXml(root: XmlNode): string {
  const parts: string[] = ['<?xml version="1.0" encoding="UTF-8"?>\n'];
  const write = (node: XmlNode, depth: number) => {
    const indent = '  '.repeat(depth);
    const attrs = Object.entries(node.attrs)
      .filter(([, v]) => v !== null && v !== undefined)
      .map(([k, v]) => ` ${k}="${escapeXml(v!, true)}"`)
      .join('');
    if (node.children.length === 0) {
      parts.push(`${indent}<${node.name}${attrs}/>\n`);
    } else if (node.children.every((c) => typeof c === 'string')) {
      parts.push(
        `${indent}<${node.name}${attrs}>${node.children.map((c) => escapeXml(c as string)).join('')}</${node.name}>\n`,
      );
    } else {
      parts.push(`${indent}<${node.name}${attrs}>\n`);
      for (const c of node.children) {
        if (typeof c === 'string') parts.push(escapeXml(c));
        else write(c, depth + 1);
      }
      parts.push(`${indent}</${node.name}>\n`);
    }
  };
  write(root, 0);
  return parts.join('');
}
