/**
 * The small XPath subset used by the syntax-binding rules of the CEN schematron (UBL-CR, UBL-SR,
 * UBL-DT, CII-SR, CII-DT): child/descendant/attribute/self/ancestor/parent steps, predicates,
 * unions, comparisons, and/or, and a handful of string functions.
 */
export type Expr =
  | { kind: 'path'; absolute: '' | '/' | '//'; steps: Step[]; start?: Expr }
  | { kind: 'union'; parts: Expr[] }
  | { kind: 'literal'; value: string }
  | { kind: 'number'; value: number }
  | { kind: 'call'; name: string; args: Expr[] }
  | { kind: 'binary'; op: 'or' | 'and' | '=' | '!=' | '<' | '<=' | '>' | '>=' | '+' | '-'; left: Expr; right: Expr };

export type Axis =
  'child' | 'descendant' | 'descendant-or-self' | 'attribute' | 'self' | 'parent' | 'ancestor' | 'preceding';

export interface Step {
  axis: Axis;
  /** Namespace URI, "*" for any; ignored for attributes without prefix. */
  ns: string;
  /** Local name or "*". */
  local: string;
  predicates: Expr[];
  /** A parenthesised union used as a step, e.g. (cac:InvoiceLine|cac:CreditNoteLine). */
  group?: Expr;
  /** A function call used as a step, e.g. cac:TaxScheme/upper-case(cbc:ID). */
  call?: Expr;
}

/** Functions the evaluator implements; the parser refuses any other. */
export const KNOWN_FUNCTIONS = new Set([
  'not',
  'exists',
  'count',
  'true',
  'false',
  'normalize-space',
  'upper-case',
  'string-length',
  'substring-after',
  'substring-before',
  'contains',
  'ends-with',
  'starts-with',
  'concat',
  'name',
  'local-name',
  'matches',
  'distinct-values',
]);
