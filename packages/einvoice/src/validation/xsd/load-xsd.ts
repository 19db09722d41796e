import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseXmlSafely } from '../../xml/safe-parse.ts';
import type { XmlElement } from '../../xml/xml-node.ts';
import {
  XSD_NS,
  type AttributeDecl,
  type ComplexType,
  type ElementDecl,
  type Particle,
  type SchemaSet,
  type SimpleType,
} from './schema-model.ts';

const LIMITS = {
  maxXmlBytes: 8e6,
  maxPdfBytes: 0,
  maxDepth: 64,
  maxElements: 2e6,
  maxAttributes: 64,
  timeLimitMs: 60_000,
};

function xsd(el: XmlElement, local: string): XmlElement[] {
  return el.children.filter((c) => c.ns === XSD_NS && c.local === local);
}

/** Namespace bindings in scope are not kept by our parser; read them from the raw schema text. */
function prefixes(text: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const m of text.matchAll(/xmlns(?::([\w.-]+))?\s*=\s*"([^"]*)"/g))
    if (!map.has(m[1] ?? '')) map.set(m[1] ?? '', m[2]!);
  return map;
}

class Loader {
  readonly set: SchemaSet = { elements: new Map(), types: new Map() };
  private readonly loaded = new Set<string>();

  load(path: string): void {
    if (this.loaded.has(path)) return;
    this.loaded.add(path);
    const bytes = readFileSync(path);
    const parsed = parseXmlSafely(bytes, LIMITS);
    // Signature schemas (xmldsig) carry a DTD we refuse; they only describe extension content,
    // which UBL declares as xsd:any and we do not validate.
    if (!parsed.ok) return;
    const root = parsed.root;
    const target = root.attrs['targetNamespace'] ?? '';
    const ns = prefixes(new TextDecoder().decode(bytes.subarray(0, 20000)));
    const qname = (value: string | undefined): string | null => {
      if (!value) return null;
      const [p, l] = value.includes(':') ? value.split(':') : ['', value];
      return `{${ns.get(p!) ?? (p === '' ? target : p)}}${l}`;
    };
    for (const imp of [...xsd(root, 'import'), ...xsd(root, 'include')]) {
      const loc = imp.attrs['schemaLocation'];
      if (loc) this.load(join(dirname(path), loc));
    }
    const ctx = { target, qname };
    for (const el of xsd(root, 'element'))
      this.set.elements.set(`{${target}}${el.attrs['name']}`, this.elementDecl(el, ctx, true));
    for (const t of xsd(root, 'complexType'))
      this.set.types.set(`{${target}}${t.attrs['name']}`, this.complexType(t, ctx));
    for (const t of xsd(root, 'simpleType'))
      this.set.types.set(`{${target}}${t.attrs['name']}`, this.simpleType(t, ctx));
  }

  private elementDecl(el: XmlElement, ctx: Ctx, global: boolean): ElementDecl {
    const inlineComplex = xsd(el, 'complexType')[0];
    const inlineSimple = xsd(el, 'simpleType')[0];
    // Local elements of these schemas are unqualified only when elementFormDefault says so; both use qualified.
    const name = `{${ctx.target}}${el.attrs['name']}`;
    void global;
    return {
      name,
      typeName: ctx.qname(el.attrs['type']),
      inlineType: inlineComplex
        ? this.complexType(inlineComplex, ctx)
        : inlineSimple
          ? this.simpleType(inlineSimple, ctx)
          : null,
    };
  }

  private particle(el: XmlElement, ctx: Ctx): Particle | null {
    const min = el.attrs['minOccurs'] !== undefined ? Number(el.attrs['minOccurs']) : 1;
    const maxAttr = el.attrs['maxOccurs'];
    const max = maxAttr === 'unbounded' ? Infinity : maxAttr !== undefined ? Number(maxAttr) : 1;
    switch (el.local) {
      case 'element': {
        const ref = el.attrs['ref'];
        const element: ElementDecl = ref ? this.reference(ctx.qname(ref)!) : this.elementDecl(el, ctx, false);
        return { kind: 'element', min, max, element };
      }
      case 'sequence':
      case 'choice':
        return {
          kind: el.local,
          min,
          max,
          children: el.children
            .filter((c) => c.ns === XSD_NS)
            .map((c) => this.particle(c, ctx))
            .filter((p): p is Particle => p !== null),
        };
      case 'any':
        return { kind: 'any', min, max };
      default:
        return null;
    }
  }

  /** A proxy for a global element that may not be loaded yet. */
  private reference(name: string): ElementDecl {
    const set = this.set;
    return {
      name,
      get typeName() {
        return set.elements.get(name)?.typeName ?? null;
      },
      set typeName(_) {
        /* resolved from the global declaration */
      },
      get inlineType() {
        return set.elements.get(name)?.inlineType ?? null;
      },
      set inlineType(_) {
        /* resolved from the global declaration */
      },
    };
  }

  private attributes(el: XmlElement, ctx: Ctx): AttributeDecl[] {
    return xsd(el, 'attribute').map((a) => ({
      name: a.attrs['name'] ?? '',
      required: a.attrs['use'] === 'required',
      typeName: ctx.qname(a.attrs['type']),
    }));
  }

  private complexType(t: XmlElement, ctx: Ctx): ComplexType {
    const out: ComplexType = {
      kind: 'complex',
      content: null,
      simpleBase: null,
      complexBase: null,
      attributes: [],
      anyAttribute: false,
      attributeBase: null,
    };
    const group = t.children.find((c) => c.ns === XSD_NS && (c.local === 'sequence' || c.local === 'choice'));
    if (group) out.content = this.particle(group, ctx);
    out.attributes = this.attributes(t, ctx);
    out.anyAttribute = xsd(t, 'anyAttribute').length > 0;
    for (const content of [...xsd(t, 'simpleContent'), ...xsd(t, 'complexContent')]) {
      const derivation = content.children.find(
        (c) => c.ns === XSD_NS && (c.local === 'extension' || c.local === 'restriction'),
      );
      if (!derivation) continue;
      const base = ctx.qname(derivation.attrs['base']);
      out.attributeBase = base;
      out.attributes = this.attributes(derivation, ctx);
      out.anyAttribute ||= xsd(derivation, 'anyAttribute').length > 0;
      if (content.local === 'simpleContent') out.simpleBase = base;
      else {
        out.complexBase = base;
        const g = derivation.children.find((c) => c.ns === XSD_NS && (c.local === 'sequence' || c.local === 'choice'));
        if (g) out.content = this.particle(g, ctx);
      }
    }
    return out;
  }

  private simpleType(t: XmlElement, ctx: Ctx): SimpleType {
    const r = xsd(t, 'restriction')[0];
    const values = r ? xsd(r, 'enumeration').map((e) => e.attrs['value'] ?? '') : [];
    const facet = (name: string) => (r && xsd(r, name)[0] ? Number(xsd(r, name)[0]!.attrs['value']) : null);
    return {
      kind: 'simple',
      base: r ? ctx.qname(r.attrs['base']) : null,
      enumeration: values.length ? new Set(values) : null,
      minLength: facet('minLength'),
      maxLength: facet('maxLength'),
    };
  }
}

interface Ctx {
  readonly target: string;
  readonly qname: (value: string | undefined) => string | null;
}

const cache = new Map<string, SchemaSet>();

/** Loads a schema and everything it imports, once per process. */
export function loadSchemaSet(entry: string): SchemaSet {
  let set = cache.get(entry);
  if (!set) {
    const loader = new Loader();
    loader.load(entry);
    set = loader.set;
    cache.set(entry, set);
  }
  return set;
}
