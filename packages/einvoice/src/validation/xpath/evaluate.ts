import type { XmlElement } from '../../xml/xml-node.ts';
import type { Expr, Step } from './ast.ts';

export interface AttrNode {
  readonly attr: string;
  readonly value: string;
  readonly owner: XmlElement;
}
export type XNode = XmlElement | AttrNode;
export type Value = XNode[] | string | number | boolean;

function isAttr(n: XNode): n is AttrNode {
  return 'attr' in n;
}

export function stringOf(n: XNode): string {
  if (isAttr(n)) return n.value;
  if (n.children.length === 0) return n.text;
  let s = n.text;
  for (const c of n.children) s += stringOf(c);
  return s;
}

function qualifiedName(el: XmlElement): string {
  return el.prefix ? `${el.prefix}:${el.local}` : el.local;
}

const documents = new WeakMap<XmlElement, XmlElement>();
const nameIndexes = new WeakMap<XmlElement, Map<string, XmlElement[]>>();

/** The document node above a root element (one per document, so that caches can key on it). */
function documentOf(rootElement: XmlElement): XmlElement {
  let doc = documents.get(rootElement);
  if (!doc) {
    doc = {
      ns: '',
      local: '#document',
      prefix: '',
      attrs: {},
      children: [rootElement],
      text: '',
      parent: null,
      line: 0,
    };
    documents.set(rootElement, doc);
  }
  return doc;
}

/** Elements strictly below `node` with that local name, in document order. */
function descendantsNamed(node: XmlElement, local: string): XmlElement[] {
  const top = node.local === '#document' ? node.children[0]! : root(node);
  let index = nameIndexes.get(top);
  if (!index) {
    index = new Map();
    const all: XmlElement[] = [top];
    descendantsOf(top, all);
    for (const el of all) {
      const list = index.get(el.local);
      if (list) list.push(el);
      else index.set(el.local, [el]);
    }
    nameIndexes.set(top, index);
  }
  const list = index.get(local) ?? [];
  if (node.local === '#document') return list;
  return list.filter((el) => {
    for (let a = el.parent; a; a = a.parent) if (a === node) return true;
    return false;
  });
}

function root(el: XmlElement): XmlElement {
  let r = el;
  while (r.parent) r = r.parent;
  return r;
}

function matches(step: Step, el: XmlElement): boolean {
  return (step.local === '*' || el.local === step.local) && (step.ns === '*' || el.ns === step.ns);
}

function descendantsOf(el: XmlElement, out: XmlElement[]): void {
  for (const c of el.children) {
    out.push(c);
    descendantsOf(c, out);
  }
}

function documentOrder(el: XmlElement): XmlElement[] {
  const all: XmlElement[] = [root(el)];
  descendantsOf(root(el), all);
  return all;
}

const childIndex = new WeakMap<XmlElement, Map<string, XmlElement[]>>();

/** Children grouped by local name, built once per element with many children. */
function childrenNamed(el: XmlElement): Map<string, XmlElement[]> {
  let index = childIndex.get(el);
  if (!index) {
    index = new Map();
    for (const c of el.children) {
      const list = index.get(c.local);
      if (list) list.push(c);
      else index.set(c.local, [c]);
    }
    childIndex.set(el, index);
  }
  return index;
}

function stepFrom(step: Step, n: XNode): XNode[] {
  const out: XNode[] = [];
  if (isAttr(n)) {
    if (step.axis === 'parent') out.push(n.owner);
    else if (step.axis === 'self' || step.axis === 'descendant-or-self') out.push(n);
    return out;
  }
  switch (step.axis) {
    case 'child': {
      if (step.local !== '*' && n.children.length > 8) {
        const named = childrenNamed(n).get(step.local);
        if (named) for (let k = 0; k < named.length; k++) if (matches(step, named[k]!)) out.push(named[k]!);
        break;
      }
      const kids = n.children;
      for (let k = 0; k < kids.length; k++) if (matches(step, kids[k]!)) out.push(kids[k]!);
      break;
    }
    case 'descendant':
    case 'descendant-or-self': {
      const all: XmlElement[] = step.axis === 'descendant-or-self' ? [n] : [];
      descendantsOf(n, all);
      for (const c of all) if (matches(step, c)) out.push(c);
      break;
    }
    case 'attribute':
      for (const [k, v] of Object.entries(n.attrs))
        if (step.local === '*' || k === step.local) out.push({ attr: k, value: v, owner: n });
      break;
    case 'self':
      if (matches(step, n)) out.push(n);
      break;
    case 'parent': {
      // Above the root element is the document node ("../cn:CreditNote" from the root).
      const parent = n.parent ?? (n.local === '#document' ? null : documentOf(n));
      if (parent && (parent.local === '#document' ? step.local === '*' && step.ns === '*' : matches(step, parent)))
        out.push(parent);
      break;
    }
    case 'ancestor':
      for (let p = n.parent; p; p = p.parent) if (matches(step, p)) out.push(p);
      break;
    case 'preceding': {
      const order = documentOrder(n);
      const ancestors = new Set<XmlElement>();
      for (let p = n.parent; p; p = p.parent) ancestors.add(p);
      for (const c of order.slice(0, order.indexOf(n))) if (!ancestors.has(c) && matches(step, c)) out.push(c);
      break;
    }
  }
  return out;
}

function applyStep(step: Step, nodes: XNode[]): XNode[] {
  let out: XNode[] = [];
  for (let i = 0; i < nodes.length; i++) {
    const n = nodes[i]!;
    let found: XNode[];
    if (step.call) {
      const v = evaluate(step.call, n);
      found = Array.isArray(v) ? v : [{ attr: '#value', value: String(v), owner: isAttr(n) ? n.owner : n }];
    } else found = stepFrom(step, n);
    if (step.predicates.length > 0) found = filterByPredicates(step.predicates, found);
    if (nodes.length === 1) return found;
    for (let k = 0; k < found.length; k++) out.push(found[k]!);
  }
  // Only axes that can reach one node from two context nodes need de-duplication.
  if (step.axis !== 'child' && step.axis !== 'attribute' && step.axis !== 'self' && out.length > 1)
    out = [...new Set(out)];
  return out;
}

/** Applies predicates in turn; a numeric predicate selects by position (1-based). */
function filterByPredicates(predicates: Expr[], nodes: XNode[]): XNode[] {
  let current = nodes;
  for (let p = 0; p < predicates.length; p++) {
    const predicate = predicates[p]!;
    const next: XNode[] = [];
    for (let k = 0; k < current.length; k++) {
      const n = current[k]!;
      let keep: boolean;
      if (predicate.kind !== 'number' && predicate.kind !== 'call') keep = truthy(predicate, n);
      else {
        const v = evaluate(predicate, n);
        keep = typeof v === 'number' ? v === k + 1 : toBoolean(v);
      }
      if (keep) next.push(n);
    }
    current = next;
  }
  return current;
}

export function toBoolean(v: Value): boolean {
  if (Array.isArray(v)) return v.length > 0;
  if (typeof v === 'string') return v.length > 0;
  if (typeof v === 'number') return v !== 0 && !Number.isNaN(v);
  return v;
}

function toStr(v: Value): string {
  if (Array.isArray(v)) return v.length > 0 ? stringOf(v[0]!) : '';
  return String(v);
}

function atoms(v: Value): (string | number | boolean)[] {
  return Array.isArray(v) ? v.map(stringOf) : [v];
}

function compare(op: string, a: string | number | boolean, b: string | number | boolean): boolean {
  if (typeof a === 'boolean' || typeof b === 'boolean') {
    // XPath 2.0: an untyped node value compared with a boolean is cast to xs:boolean.
    const asBool = (v: string | number | boolean): boolean =>
      typeof v === 'boolean' ? v : typeof v === 'number' ? v !== 0 : ['true', '1'].includes(v.trim());
    const x = asBool(a);
    const y = asBool(b);
    return op === '=' ? x === y : op === '!=' ? x !== y : false;
  }
  if (typeof a === 'number' || typeof b === 'number' || !['=', '!='].includes(op)) {
    const x = Number(a);
    const y = Number(b);
    switch (op) {
      case '=':
        return x === y;
      case '!=':
        return x !== y;
      case '<':
        return x < y;
      case '<=':
        return x <= y;
      case '>':
        return x > y;
      default:
        return x >= y;
    }
  }
  return op === '=' ? a === b : a !== b;
}

let presentNames: ReadonlySet<string> | null = null;
const stepKeys = new WeakMap<Step, string>();

/** "{ns}local" of a name test, or the bare local name for any namespace; computed once per step. */
function qualifiedKey(step: Step): string {
  let key = stepKeys.get(step);
  if (key === undefined) {
    key = step.ns === '*' ? step.local : `{${step.ns}}${step.local}`;
    stepKeys.set(step, key);
  }
  return key;
}

/**
 * Declares the local names of the elements present in the document being checked (or null):
 * a path ending in an element that the document never contains cannot select anything, which
 * settles most "not(…)" restrictions without walking the tree.
 */
export function withNamesPresent<T>(names: ReadonlySet<string>, run: () => T): T {
  const previous = presentNames;
  presentNames = names;
  try {
    return run();
  } finally {
    presentNames = previous;
  }
}

/** Whether a path selects at least one node, stopping at the first one found. */
function pathExists(steps: Step[], i: number, node: XNode): boolean {
  if (i === steps.length) return true;
  if (i === 0 && presentNames !== null) {
    const last = steps[steps.length - 1]!;
    if (
      last.axis === 'child' &&
      last.local !== '*' &&
      !last.group &&
      !last.call &&
      !presentNames.has(qualifiedKey(last))
    )
      return false;
  }
  const step = steps[i]!;
  if (step.group || step.call || step.predicates.some((p) => p.kind === 'number')) {
    return applyStep(step, [node]).some((n) => pathExists(steps, i + 1, n));
  }
  if (step.axis === 'child' && !isAttr(node)) {
    const kids =
      step.local !== '*' && node.children.length > 8 ? (childrenNamed(node).get(step.local) ?? []) : node.children;
    for (let c = 0; c < kids.length; c++) {
      const kid = kids[c]!;
      if (!matches(step, kid)) continue;
      let ok = true;
      for (let p = 0; p < step.predicates.length && ok; p++) ok = truthy(step.predicates[p]!, kid);
      if (ok && pathExists(steps, i + 1, kid)) return true;
    }
    return false;
  }
  const candidates = stepFrom(step, node);
  for (let c = 0; c < candidates.length; c++) {
    const candidate = candidates[c]!;
    let ok = true;
    for (let p = 0; p < step.predicates.length && ok; p++) ok = truthy(step.predicates[p]!, candidate);
    if (ok && pathExists(steps, i + 1, candidate)) return true;
  }
  return false;
}

/** Effective boolean value, short-circuiting plain paths. */
export function truthy(e: Expr, ctx: XNode): boolean {
  if (e.kind === 'path' && !e.start && e.absolute === '' && !(e.steps.length === 1 && e.steps[0]!.group))
    return pathExists(e.steps, 0, ctx);
  if (e.kind === 'path' && !e.start && e.absolute !== '') {
    // "//x" without predicates: whether the document holds an x at all.
    const [first, second] = e.steps;
    if (
      presentNames !== null &&
      e.steps.length === 2 &&
      first!.axis === 'descendant-or-self' &&
      second!.axis === 'child' &&
      second!.local !== '*' &&
      second!.ns !== '*' &&
      second!.predicates.length === 0 &&
      !second!.group &&
      !second!.call
    ) {
      return presentNames.has(qualifiedKey(second!));
    }
    return toBoolean(evaluate(e, ctx));
  }
  if (e.kind === 'binary' && e.op === 'or') return truthy(e.left, ctx) || truthy(e.right, ctx);
  if (e.kind === 'binary' && e.op === 'and') return truthy(e.left, ctx) && truthy(e.right, ctx);
  if (e.kind === 'call' && e.name === 'not') return !truthy(e.args[0]!, ctx);
  if (e.kind === 'call' && e.name === 'exists') return truthy(e.args[0]!, ctx);
  return toBoolean(evaluate(e, ctx));
}

function arg(args: Expr[], k: number, ctx: XNode): Value {
  return evaluate(args[k]!, ctx);
}

function call(name: string, args: Expr[], ctx: XNode): Value {
  switch (name) {
    case 'not':
      return !truthy(args[0]!, ctx);
    case 'exists':
      return truthy(args[0]!, ctx);
    case 'count': {
      const v = arg(args, 0, ctx);
      return Array.isArray(v) ? v.length : 1;
    }
    case 'true':
      return true;
    case 'false':
      return false;
    case 'normalize-space':
      return (args.length ? toStr(arg(args, 0, ctx)) : stringOf(ctx)).replace(/\s+/g, ' ').trim();
    case 'upper-case':
      return toStr(arg(args, 0, ctx)).toUpperCase();
    case 'string-length':
      return (args.length ? toStr(arg(args, 0, ctx)) : stringOf(ctx)).length;
    case 'substring-before': {
      const s = toStr(arg(args, 0, ctx));
      const k = s.indexOf(toStr(arg(args, 1, ctx)));
      return k < 0 ? '' : s.slice(0, k);
    }
    case 'substring-after': {
      const s = toStr(arg(args, 0, ctx));
      const k = s.indexOf(toStr(arg(args, 1, ctx)));
      return k < 0 ? '' : s.slice(k + toStr(arg(args, 1, ctx)).length);
    }
    case 'contains':
      return toStr(arg(args, 0, ctx)).includes(toStr(arg(args, 1, ctx)));
    case 'ends-with':
      return toStr(arg(args, 0, ctx)).endsWith(toStr(arg(args, 1, ctx)));
    case 'starts-with':
      return toStr(arg(args, 0, ctx)).startsWith(toStr(arg(args, 1, ctx)));
    case 'concat':
      return args.map((_, k) => toStr(arg(args, k, ctx))).join('');
    case 'name':
      return isAttr(ctx) ? ctx.attr : qualifiedName(ctx);
    case 'local-name':
      return isAttr(ctx) ? ctx.attr : ctx.local;
    case 'matches':
      return new RegExp(toStr(arg(args, 1, ctx))).test(toStr(arg(args, 0, ctx)));
    case 'distinct-values': {
      const v = arg(args, 0, ctx);
      const owner = isAttr(ctx) ? ctx.owner : ctx;
      return [...new Set(atoms(v).map(String))].map((value) => ({ attr: '#value', value, owner }));
    }
    default:
      throw new Error(`xpath: function ${name} not supported`);
  }
}

export function evaluate(e: Expr, ctx: XNode): Value {
  switch (e.kind) {
    case 'literal':
      return e.value;
    case 'number':
      return e.value;
    case 'call':
      return call(e.name, e.args, ctx);
    case 'union': {
      const out: XNode[] = [];
      for (const p of e.parts) {
        const v = evaluate(p, ctx);
        if (Array.isArray(v)) out.push(...v);
      }
      return [...new Set(out)];
    }
    case 'binary': {
      if (e.op === 'or') return truthy(e.left, ctx) || truthy(e.right, ctx);
      if (e.op === 'and') return truthy(e.left, ctx) && truthy(e.right, ctx);
      if (e.op === '+' || e.op === '-') {
        const a = Number(toStr(evaluate(e.left, ctx)));
        const b = Number(toStr(evaluate(e.right, ctx)));
        return e.op === '+' ? a + b : a - b;
      }
      const left = atoms(evaluate(e.left, ctx));
      const right = atoms(evaluate(e.right, ctx));
      return left.some((a) => right.some((b) => compare(e.op, a, b)));
    }
    case 'path': {
      const first = e.steps[0];
      // A parenthesised expression parsed as a lone group step: evaluate it as is.
      if (e.steps.length === 1 && first?.group && first.predicates.length === 0 && !e.start && e.absolute === '') {
        return evaluate(first.group, ctx);
      }
      let nodes: XNode[];
      if (e.start) {
        const v = evaluate(e.start, ctx);
        if (!Array.isArray(v)) throw new Error('xpath: path from a non-node value');
        nodes = v;
      } else if (e.absolute === '') nodes = [ctx];
      else nodes = [documentOf(root(isAttr(ctx) ? ctx.owner : ctx))];
      for (let k = 0; k < e.steps.length; k++) {
        const s = e.steps[k]!;
        const next = e.steps[k + 1];
        // "//name": look the name up in the document's index instead of walking the subtree.
        if (
          s.axis === 'descendant-or-self' &&
          s.local === '*' &&
          s.predicates.length === 0 &&
          next &&
          next.axis === 'child' &&
          next.local !== '*' &&
          !next.group &&
          !next.call
        ) {
          const found: XNode[] = [];
          for (const n of nodes)
            if (!isAttr(n)) for (const d of descendantsNamed(n, next.local)) if (matches(next, d)) found.push(d);
          nodes = next.predicates.length
            ? filterByPredicates(next.predicates, nodes.length > 1 ? [...new Set(found)] : found)
            : nodes.length > 1
              ? [...new Set(found)]
              : found;
          k++;
          continue;
        }
        if (s.group) {
          const next: XNode[] = [];
          for (const n of nodes) {
            const v = evaluate(s.group, n);
            if (Array.isArray(v)) next.push(...v);
          }
          nodes = filterByPredicates(s.predicates, next);
        } else nodes = applyStep(s, nodes);
      }
      return nodes;
    }
  }
}
