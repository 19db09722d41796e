import { CII_RULE_MESSAGES, UBL_RULE_MESSAGES } from './generated/rule-messages.ts';
import { CII_CODES_RULES } from './generated/cii-codes-rules.ts';
import { CII_SYNTAX_RULES } from './generated/cii-syntax-rules.ts';
import { UBL_CODES_RULES } from './generated/ubl-codes-rules.ts';
import { UBL_SYNTAX_RULES } from './generated/ubl-syntax-rules.ts';
import { finding, type Finding, type Severity } from './finding.ts';
import type { Expr } from './xpath/ast.ts';
import { truthy, withNamesPresent } from './xpath/evaluate.ts';
import { CII_SCHEMATRON_NAMESPACES, UBL_SCHEMATRON_NAMESPACES } from './xpath/namespaces.ts';
import { compilePattern } from './xpath/match-pattern.ts';
import { parseXPath } from './xpath/parse-xpath.ts';
import { xpathOf, type XmlElement } from '../xml/xml-node.ts';

interface CompiledRule {
  readonly selector: Expr;
  readonly pattern: ReturnType<typeof compilePattern>;
  readonly asserts: { id: string; severity: Severity; test: Expr; holds: Test }[];
}

type Test = (el: XmlElement, names: ReadonlySet<string>) => boolean;

/**
 * Most syntax asserts read "not(a/b/c)": compiled to a direct child walk that first checks that
 * the document holds a c at all. Anything else is evaluated by the XPath interpreter.
 */
function compileTest(test: Expr): Test {
  if (test.kind === 'call' && test.name === 'not' && test.args.length === 1) {
    const path = test.args[0]!;
    if (
      path.kind === 'path' &&
      !path.start &&
      path.absolute === '' &&
      path.steps.length > 0 &&
      path.steps.every(
        (st) =>
          st.axis === 'child' &&
          st.predicates.length === 0 &&
          !st.group &&
          !st.call &&
          st.local !== '*' &&
          st.ns !== '*',
      )
    ) {
      const chain = path.steps.map((st) => [st.ns, st.local] as const);
      const last = chain[chain.length - 1]!;
      const key = `{${last[0]}}${last[1]}`;
      const exists = (el: XmlElement, i: number): boolean => {
        if (i === chain.length) return true;
        const [ns, local] = chain[i]!;
        for (const c of el.children) if (c.local === local && c.ns === ns && exists(c, i + 1)) return true;
        return false;
      };
      return (el, names) => !names.has(key) || !exists(el, 0);
    }
  }
  return (el) => truthy(test, el);
}

/** A schematron rule context is a match pattern: a relative one matches at any depth. */
function selectorOf(context: Expr): Expr {
  if (context.kind === 'union') return { kind: 'union', parts: context.parts.map(selectorOf) };
  if (context.kind === 'path' && context.absolute === '' && !context.start) {
    return {
      kind: 'path',
      absolute: '/',
      steps: [{ axis: 'descendant-or-self', ns: '*', local: '*', predicates: [] }, ...context.steps],
    };
  }
  return context;
}

function compile(rules: PatternData, namespaces: Record<string, string>): CompiledRule[] {
  return rules.map((r) => {
    const context = parseXPath(r.context, namespaces);
    return {
      selector: selectorOf(context),
      pattern: compilePattern(context),
      asserts: r.asserts.map((a) => {
        const test = parseXPath(a.test, namespaces);
        return {
          id: a.id,
          severity: a.flag === 'warning' ? ('warning' as const) : ('fatal' as const),
          test,
          holds: compileTest(test),
        };
      }),
    };
  });
}

type PatternData = typeof UBL_SYNTAX_RULES;
const PATTERNS: Record<'ubl' | 'cii', PatternData[]> = {
  ubl: [UBL_SYNTAX_RULES, UBL_CODES_RULES],
  cii: [CII_SYNTAX_RULES, CII_CODES_RULES],
};
const compiled: Partial<Record<'ubl' | 'cii', CompiledRule[][]>> = {};

function frenchFor(id: string, test: string, el: XmlElement): string {
  if (id.startsWith('BR-CL-')) {
    return `La valeur « ${el.text.trim() || Object.values(el.attrs).join(' ')} » de ${el.prefix ? `${el.prefix}:` : ''}${el.local} n'appartient pas à la liste de codes autorisée (${id}) : utilisez un code de la liste officielle.`;
  }
  const forbidden = /^\(?not\(([^()]+)\)\)?$/.exec(test);
  if (forbidden) return `${forbidden[1]} n'est pas autorisé par EN 16931 dans cette syntaxe : supprimez-le.`;
  const max = /^\(?count\(([^()]+)\)\s*<=\s*(\d+)\)?$/.exec(test);
  if (max) return `${max[1]} ne doit pas apparaître plus de ${max[2]} fois : retirez les répétitions.`;
  const exact = /^\(?count\(([^()]+)\)\s*=\s*(\d+)\)?$/.exec(test);
  if (exact) return `${exact[1]} doit apparaître exactement ${exact[2]} fois.`;
  return `Règle de syntaxe non respectée (${test}) : corrigez l'élément indiqué.`;
}

/**
 * Runs the syntax-binding rules (UBL-CR/SR/DT, CII-SR/DT) and the code-list rules (BR-CL-*) of
 * the CEN schematron. Like schematron, within one pattern a node is checked only by the first
 * rule whose context matches it.
 */
export function checkSyntaxRules(root: XmlElement): Finding[] {
  const syntax = root.local === 'CrossIndustryInvoice' ? 'cii' : 'ubl';
  const namespaces = syntax === 'cii' ? CII_SCHEMATRON_NAMESPACES : UBL_SCHEMATRON_NAMESPACES;
  const patterns = (compiled[syntax] ??= PATTERNS[syntax].map((p) => compile(p, namespaces)));
  const messages = syntax === 'cii' ? CII_RULE_MESSAGES : UBL_RULE_MESSAGES;
  const out: Finding[] = [];
  // Each element is offered to the rules of each pattern in order; the first whose context
  // matches checks it (XSLT template priority), as the compiled schematron does.
  const elements: XmlElement[] = [];
  const stack = [root];
  while (stack.length > 0) {
    const el = stack.pop()!;
    elements.push(el);
    for (let i = el.children.length - 1; i >= 0; i--) stack.push(el.children[i]!);
  }
  const names = new Set<string>();
  for (const e of elements) {
    names.add(e.local);
    names.add(`{${e.ns}}${e.local}`);
  }
  withNamesPresent(names, () =>
    patterns.forEach((rules, p) => {
      const source = PATTERNS[syntax][p]!;
      const byName = indexByLastName(rules);
      for (const el of elements) {
        const candidates = byName.get(el.local) ?? byName.get('*')!;
        for (const r of candidates) {
          const rule = rules[r]!;
          if (!rule.pattern.matcher(el)) continue;
          rule.asserts.forEach((a, k) => {
            if (a.holds(el, names)) return;
            out.push(
              finding(
                'en16931',
                a.id,
                a.severity,
                xpathOf(el),
                frenchFor(a.id, source[r]!.asserts[k]!.test, el),
                messages[a.id]?.en ?? a.id,
              ),
            );
          });
          break;
        }
      }
    }),
  );
  return out;
}

const indexCache = new WeakMap<CompiledRule[], Map<string, number[]>>();

/** Rule indices (in order) that can match an element of a given local name. */
function indexByLastName(rules: CompiledRule[]): Map<string, number[]> {
  let index = indexCache.get(rules);
  if (index) return index;
  const names = new Set<string>();
  for (const r of rules) for (const n of r.pattern.lastNames ?? []) names.add(n);
  index = new Map();
  const wildcard = rules.map((r, i) => (r.pattern.lastNames === null ? i : -1)).filter((i) => i >= 0);
  index.set('*', wildcard);
  for (const n of names)
    index.set(
      n,
      rules
        .map((r, i) => (r.pattern.lastNames === null || r.pattern.lastNames.includes(n) ? i : -1))
        .filter((i) => i >= 0),
    );
  indexCache.set(rules, index);
  return index;
}
