import type { XmlElement } from '../../xml/xml-node.ts';
import type { Expr, Step } from './ast.ts';
import { truthy } from './evaluate.ts';

export type Matcher = (el: XmlElement) => boolean;

function nameMatches(step: Step, el: XmlElement): boolean {
  return (step.local === '*' || el.local === step.local) && (step.ns === '*' || el.ns === step.ns);
}

/**
 * Compiles a schematron rule context (an XSLT match pattern) into a test on one element,
 * checked from the element up through its ancestors, as XSLT does. Throws on patterns outside
 * the supported subset so that the caller can fall back to selecting nodes from the root.
 */
export function compilePattern(e: Expr): { matcher: Matcher; lastNames: string[] | null } {
  if (e.kind === 'union') {
    const parts = e.parts.map(compilePattern);
    const names = parts.some((p) => p.lastNames === null) ? null : parts.flatMap((p) => p.lastNames!);
    return { matcher: (el) => parts.some((p) => p.matcher(el)), lastNames: names };
  }
  if (e.kind !== 'path' || e.start) throw new Error('pattern: not a path');
  const steps = e.steps;
  for (const s of steps) {
    if (
      s.group ||
      s.call ||
      (s.axis !== 'child' && s.axis !== 'descendant-or-self') ||
      s.predicates.some((p) => p.kind === 'number')
    ) {
      throw new Error('pattern: unsupported step');
    }
  }
  const absolute = e.absolute !== '';
  const matchAt = (idx: number, el: XmlElement): boolean => {
    const step = steps[idx]!;
    if (!nameMatches(step, el) || !step.predicates.every((p) => truthy(p, el))) return false;
    if (idx === 0) return absolute ? el.parent === null : true;
    const prev = steps[idx - 1]!;
    if (prev.axis === 'descendant-or-self') {
      if (idx - 1 === 0) return true;
      for (let a = el.parent; a; a = a.parent) if (matchAt(idx - 2, a)) return true;
      return false;
    }
    return el.parent !== null && matchAt(idx - 1, el.parent);
  };
  const last = steps[steps.length - 1]!;
  if (last.axis === 'descendant-or-self') throw new Error('pattern: ends with //');
  // "*[ends-with(name(), 'Amount') …]" is tried on every element: test the suffix first.
  const suffix = last.local === '*' ? nameSuffix(last.predicates[0]) : null;
  const matcher: Matcher =
    suffix === null
      ? (el) => matchAt(steps.length - 1, el)
      : (el) => el.local.endsWith(suffix) && matchAt(steps.length - 1, el);
  return { matcher, lastNames: last.local === '*' ? null : [last.local] };
}

/** The literal of ends-with(name(), 'X') when it leads a predicate, else null. */
function nameSuffix(p: Expr | undefined): string | null {
  if (!p) return null;
  if (p.kind === 'binary' && p.op === 'and') return nameSuffix(p.left);
  if (
    p.kind === 'call' &&
    p.name === 'ends-with' &&
    p.args[0]?.kind === 'call' &&
    p.args[0].name === 'name' &&
    p.args[1]?.kind === 'literal' &&
    !p.args[1].value.includes(':')
  ) {
    return p.args[1].value;
  }
  return null;
}
