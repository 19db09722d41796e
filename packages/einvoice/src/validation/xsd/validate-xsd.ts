import type { XmlElement } from '../../xml/xml-node.ts';
import type { ComplexType, ElementDecl, Particle, SchemaSet, SimpleType } from './schema-model.ts';
import { checkSimpleValue } from './simple-values.ts';

export interface XsdError {
  readonly element: XmlElement;
  readonly fr: string;
  readonly en: string;
}

const XSI = 'http://www.w3.org/2001/XMLSchema-instance';
const nameOf = (el: XmlElement) => `{${el.ns}}${el.local}`;
const shortName = (q: string) => q.replace(/^\{[^}]*\}/, '');
const display = (el: XmlElement) => (el.prefix ? `${el.prefix}:${el.local}` : el.local);

/** Shared empty set for the fast pass, which never adds to it. */
const NO_NAMES: Set<string> = new Set();

interface MatchState {
  readonly assigned: [XmlElement, ElementDecl | null][];
  /** Expected names are only collected when re-running a failed match to explain it. */
  readonly diagnose: boolean;
  /** Furthest child position where a required element was missing, and what was expected there. */
  furthest: number;
  expected: Set<string>;
}

function matchParticle(p: Particle, kids: XmlElement[], pos: number, st: MatchState): number | null {
  switch (p.kind) {
    case 'element': {
      const name = p.element!.name;
      let count = 0;
      while (count < p.max && pos < kids.length && nameOf(kids[pos]!) === name) {
        st.assigned.push([kids[pos]!, p.element!]);
        pos++;
        count++;
      }
      if (count < p.min || (count < p.max && pos <= kids.length)) noteExpected(st, pos, name, count < p.min);
      return count >= p.min ? pos : null;
    }
    case 'any': {
      let count = 0;
      while (count < p.max && pos < kids.length) {
        st.assigned.push([kids[pos]!, null]);
        pos++;
        count++;
      }
      return count >= p.min ? pos : null;
    }
    case 'sequence':
    case 'choice': {
      let reps = 0;
      while (reps < p.max) {
        const start = pos;
        const mark = st.assigned.length;
        const next =
          p.kind === 'sequence' ? matchSequence(p.children!, kids, pos, st) : matchChoice(p.children!, kids, pos, st);
        if (next === null) {
          st.assigned.length = mark;
          break;
        }
        pos = next;
        reps++;
        if (pos === start) {
          reps = Math.max(reps, p.min);
          break;
        }
      }
      return reps >= p.min ? pos : null;
    }
  }
}

function noteExpected(st: MatchState, pos: number, name: string, required: boolean): void {
  if (!st.diagnose) return;
  if (pos > st.furthest) {
    st.furthest = pos;
    st.expected = new Set();
  }
  if (pos === st.furthest) st.expected.add(shortName(name));
  void required;
}

function matchSequence(children: Particle[], kids: XmlElement[], pos: number, st: MatchState): number | null {
  for (const c of children) {
    const next = matchParticle(c, kids, pos, st);
    if (next === null) return null;
    pos = next;
  }
  return pos;
}

function matchChoice(children: Particle[], kids: XmlElement[], pos: number, st: MatchState): number | null {
  let empty: number | null = null;
  for (const c of children) {
    const mark = st.assigned.length;
    const next = matchParticle(c, kids, pos, st);
    if (next !== null && next > pos) return next;
    st.assigned.length = mark;
    if (next !== null) empty = next;
  }
  return empty;
}

const attributeCache = new WeakMap<ComplexType, { names: Map<string, boolean>; any: boolean }>();

export class XsdValidator {
  readonly errors: XsdError[] = [];

  constructor(
    private readonly set: SchemaSet,
    private readonly maxErrors = 50,
  ) {}

  validateRoot(root: XmlElement): void {
    const decl = this.set.elements.get(nameOf(root));
    if (!decl) {
      this.error(
        root,
        `L'élément racine ${display(root)} n'est pas déclaré par le schéma.`,
        `Root element ${display(root)} is not declared by the schema.`,
      );
      return;
    }
    this.validateElement(root, decl);
  }

  private error(el: XmlElement, fr: string, en: string): void {
    if (this.errors.length < this.maxErrors) this.errors.push({ element: el, fr, en });
  }

  private typeOf(decl: ElementDecl): ComplexType | SimpleType | string | null {
    if (decl.inlineType) return decl.inlineType;
    if (!decl.typeName) return null;
    return this.set.types.get(decl.typeName) ?? decl.typeName;
  }

  private attributesOf(type: ComplexType, depth = 0): { names: Map<string, boolean>; any: boolean } {
    const cached = attributeCache.get(type);
    if (cached) return cached;
    const result = this.collectAttributes(type, depth);
    attributeCache.set(type, result);
    return result;
  }

  private collectAttributes(type: ComplexType, depth: number): { names: Map<string, boolean>; any: boolean } {
    const names = new Map<string, boolean>();
    let any = type.anyAttribute;
    const base = type.attributeBase ? this.set.types.get(type.attributeBase) : undefined;
    if (base && base.kind === 'complex' && depth < 20) {
      const inherited = this.attributesOf(base, depth + 1);
      for (const [k, v] of inherited.names) names.set(k, v);
      any ||= inherited.any;
    }
    for (const a of type.attributes) names.set(a.name, a.required);
    return { names, any };
  }

  private contentOf(type: ComplexType, depth = 0): Particle[] {
    const out: Particle[] = [];
    const base = type.complexBase ? this.set.types.get(type.complexBase) : undefined;
    if (base && base.kind === 'complex' && depth < 20) out.push(...this.contentOf(base, depth + 1));
    if (type.content) out.push(type.content);
    return out;
  }

  private validateElement(el: XmlElement, decl: ElementDecl): void {
    if (this.errors.length >= this.maxErrors) return;
    const type = this.typeOf(decl);
    if (type === null) return;
    const elements = el.children;
    if (typeof type === 'string' || type.kind === 'simple') {
      if (elements.length > 0)
        this.error(
          elements[0]!,
          `${display(el)} ne doit contenir que du texte : retirez ${display(elements[0]!)}.`,
          `${display(el)} may only contain text: remove ${display(elements[0]!)}.`,
        );
      const problem = checkSimpleValue(el.text, typeof type === 'string' ? type : decl.typeName, this.set);
      if (problem)
        this.error(
          el,
          `${display(el)} : ${problem}.`,
          `${display(el)}: invalid value "${el.text.trim().slice(0, 40)}".`,
        );
      return;
    }
    const { names, any } = this.attributesOf(type);
    for (const key of Object.keys(el.attrs)) {
      if (key.startsWith(`{${XSI}}`) || key.startsWith('{http://www.w3.org/XML/1998/namespace}')) continue;
      if (!any && !names.has(key))
        this.error(
          el,
          `Attribut ${key} non autorisé sur ${display(el)} : supprimez-le.`,
          `Attribute ${key} is not allowed on ${display(el)}.`,
        );
    }
    for (const [name, required] of names) {
      if (required && el.attrs[name] === undefined)
        this.error(
          el,
          `Attribut ${name} obligatoire manquant sur ${display(el)}.`,
          `Required attribute ${name} is missing on ${display(el)}.`,
        );
    }
    if (type.simpleBase) {
      if (elements.length > 0)
        this.error(
          elements[0]!,
          `${display(el)} ne doit contenir que du texte.`,
          `${display(el)} may only contain text.`,
        );
      const problem = checkSimpleValue(el.text, type.simpleBase, this.set);
      if (problem)
        this.error(
          el,
          `${display(el)} : ${problem}.`,
          `${display(el)}: invalid value "${el.text.trim().slice(0, 40)}".`,
        );
      return;
    }
    const particles = this.contentOf(type);
    let st: MatchState = { assigned: [], diagnose: false, furthest: -1, expected: NO_NAMES };
    let end = particles.length === 0 ? 0 : matchSequence(particles, elements, 0, st);
    if (end === null || end < elements.length) {
      st = { assigned: [], diagnose: true, furthest: -1, expected: new Set() };
      end = particles.length === 0 ? 0 : matchSequence(particles, elements, 0, st);
      const at = end === null ? st.furthest : end;
      const expected = st.furthest === at && st.expected.size > 0 ? [...st.expected].join(', ') : null;
      const offending = elements[at];
      if (offending) {
        this.error(
          offending,
          `Élément ${display(offending)} inattendu à cet endroit dans ${display(el)}${expected ? ` (attendu : ${expected})` : ''} : respectez l'ordre et le nombre d'éléments du schéma.`,
          `Element ${display(offending)}: this element is not expected${expected ? `. Expected is one of (${expected})` : ''}.`,
        );
      } else {
        this.error(
          el,
          `Élément obligatoire manquant dans ${display(el)}${expected ? ` : ${expected}` : ''}.`,
          `Missing child element(s) in ${display(el)}${expected ? `. Expected is one of (${expected})` : ''}.`,
        );
      }
    }
    for (const [child, childDecl] of st.assigned) if (childDecl) this.validateElement(child, childDecl);
  }
}
