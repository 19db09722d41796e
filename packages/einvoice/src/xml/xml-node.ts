/** A namespace-aware XML element, built by our own safe parser (see safe-parse.ts). */
export interface XmlElement {
  readonly ns: string;
  readonly local: string;
  readonly prefix: string;
  /** Attributes keyed by local name when un-namespaced, `{ns}local` otherwise. */
  readonly attrs: Record<string, string>;
  readonly children: XmlElement[];
  /** Concatenated character data directly inside this element. */
  text: string;
  readonly parent: XmlElement | null;
  readonly line: number;
}

export const NS = {
  ublInvoice: 'urn:oasis:names:specification:ubl:schema:xsd:Invoice-2',
  ublCreditNote: 'urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2',
  cac: 'urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2',
  cbc: 'urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2',
  ext: 'urn:oasis:names:specification:ubl:schema:xsd:CommonExtensionComponents-2',
  rsm: 'urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100',
  ram: 'urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100',
  udt: 'urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100',
  qdt: 'urn:un:unece:uncefact:data:standard:QualifiedDataType:100',
  zugferd1: 'urn:ferd:CrossIndustryDocument:invoice:1p0',
} as const;

const PREFIX_OF_NS = new Map<string, string>(Object.entries(NS).map(([k, v]) => [v, k]));

type Step = readonly [ns: string, local: string];
const stepCache = new Map<string, Step[]>();

/** Parses "cac:Party/cbc:Name" into namespace steps once; prefixes are those of NS. */
function steps(path: string): Step[] {
  let cached = stepCache.get(path);
  if (cached) return cached;
  cached = path.split('/').map((part) => {
    const [prefix, local] = part.split(':') as [string, string];
    const ns = (NS as Record<string, string>)[prefix];
    if (ns === undefined || local === undefined) throw new Error(`unknown step ${part}`);
    return [ns, local] as const;
  });
  stepCache.set(path, cached);
  return cached;
}

/** All elements reached by a child-only path such as "cac:Party/cac:PartyName/cbc:Name". */
export function all(from: XmlElement | null | undefined, path: string): XmlElement[] {
  if (!from) return [];
  let current: XmlElement[] = [from];
  for (const [ns, local] of steps(path)) {
    const next: XmlElement[] = [];
    for (const el of current) for (const c of el.children) if (c.local === local && c.ns === ns) next.push(c);
    current = next;
    if (current.length === 0) break;
  }
  return current;
}

export function first(from: XmlElement | null | undefined, path: string): XmlElement | null {
  return from ? firstFrom(from, steps(path), 0) : null;
}

/** Depth-first search for the first element matching the remaining steps, without building lists. */
function firstFrom(el: XmlElement, path: Step[], i: number): XmlElement | null {
  if (i === path.length) return el;
  const [ns, local] = path[i]!;
  for (const c of el.children) {
    if (c.local !== local || c.ns !== ns) continue;
    const found = firstFrom(c, path, i + 1);
    if (found) return found;
  }
  return null;
}

/** Trimmed text of the first element on the path, or null when absent (an empty element gives ""). */
export function text(from: XmlElement | null | undefined, path: string): string | null {
  const el = first(from, path);
  return el ? el.text.trim() : null;
}

/** xs:boolean of an indicator: true/1, false/0, anything else null. */
export function indicator(value: string | null): boolean | null {
  const v = (value ?? '').trim();
  return v === 'true' || v === '1' ? true : v === 'false' || v === '0' ? false : null;
}

export function attr(el: XmlElement | null | undefined, name: string): string | null {
  if (!el) return null;
  return el.attrs[name] ?? null;
}

/** Every descendant (document order) with this namespace and local name. */
export function descendants(from: XmlElement, ns: string, local: string): XmlElement[] {
  const out: XmlElement[] = [];
  const stack: XmlElement[] = [...from.children].reverse();
  while (stack.length > 0) {
    const el = stack.pop()!;
    if (el.local === local && el.ns === ns) out.push(el);
    for (let i = el.children.length - 1; i >= 0; i--) stack.push(el.children[i]!);
  }
  return out;
}

/** An XPath locating the element, e.g. /Invoice/cac:InvoiceLine[2]/cbc:ID (index only when needed). */
export function xpathOf(el: XmlElement): string {
  const parts: string[] = [];
  let current: XmlElement | null = el;
  while (current) {
    const prefix = PREFIX_OF_NS.get(current.ns);
    const name =
      prefix && prefix !== 'ublInvoice' && prefix !== 'ublCreditNote' ? `${prefix}:${current.local}` : current.local;
    const parent: XmlElement | null = current.parent;
    if (parent) {
      const same = parent.children.filter((c) => c.local === current!.local && c.ns === current!.ns);
      parts.push(same.length > 1 ? `${name}[${same.indexOf(current) + 1}]` : name);
    } else {
      parts.push(name);
    }
    current = parent;
  }
  return '/' + parts.reverse().join('/');
}
