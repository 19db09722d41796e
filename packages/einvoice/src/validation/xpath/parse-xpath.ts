import { KNOWN_FUNCTIONS, type Axis, type Expr, type Step } from './ast.ts';

type Token = { t: 'name' | 'str' | 'num' | 'op'; v: string };

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  const re =
    /\s*(?:(\/\/|!=|<=|>=|::|[()[\]/|=<>@,.*+-])|'([^']*)'|"([^"]*)"|(\d+(?:\.\d+)?)|(\.\.)|([A-Za-z_][\w.-]*(?::[A-Za-z_*][\w.-]*)?(?:\*)?))/y;
  let pos = 0;
  while (pos < src.length) {
    if (/^\s*$/.test(src.slice(pos))) break;
    re.lastIndex = pos;
    const m = re.exec(src);
    if (!m) throw new Error(`xpath: cannot read at ${pos}: ${src.slice(pos, pos + 20)}`);
    pos = re.lastIndex;
    if (m[1] !== undefined) out.push({ t: 'op', v: m[1] });
    else if (m[2] !== undefined) out.push({ t: 'str', v: m[2] });
    else if (m[3] !== undefined) out.push({ t: 'str', v: m[3] });
    else if (m[4] !== undefined) out.push({ t: 'num', v: m[4] });
    else if (m[5] !== undefined) out.push({ t: 'op', v: '..' });
    else out.push({ t: 'name', v: m[6]! });
  }
  // ".." is tokenized as two "." by the first alternative; merge them back.
  const merged: Token[] = [];
  for (const tok of out) {
    const prev = merged[merged.length - 1];
    if (tok.t === 'op' && tok.v === '.' && prev?.t === 'op' && prev.v === '.') {
      prev.v = '..';
      continue;
    }
    merged.push(tok);
  }
  return merged;
}

const AXES: Record<string, Axis> = {
  self: 'self',
  ancestor: 'ancestor',
  child: 'child',
  parent: 'parent',
  attribute: 'attribute',
  descendant: 'descendant',
  preceding: 'preceding',
};
const ANY_NODE = (): Step => ({ axis: 'descendant-or-self', ns: '*', local: '*', predicates: [] });

/** Parses an expression; unknown constructs throw, so that a rule we cannot run is never half-run. */
export function parseXPath(src: string, namespaces: Record<string, string>): Expr {
  const toks = tokenize(src);
  let i = 0;
  const peek = (): Token | undefined => toks[i];
  const isOp = (v: string): boolean => peek()?.t === 'op' && peek()!.v === v;
  const expect = (v: string): void => {
    if (!isOp(v)) throw new Error(`xpath: expected ${v} at token ${i} in ${src}`);
    i++;
  };
  const qname = (name: string): { ns: string; local: string } => {
    const [p, l] = name.includes(':') ? name.split(':') : ['', name];
    if (p === '') return { ns: '*', local: l! };
    const ns = namespaces[p!];
    if (ns === undefined) throw new Error(`xpath: unknown prefix ${p}`);
    return { ns, local: l! };
  };

  function orExpr(): Expr {
    let left = andExpr();
    while (peek()?.t === 'name' && peek()!.v === 'or') {
      i++;
      left = { kind: 'binary', op: 'or', left, right: andExpr() };
    }
    return left;
  }
  function andExpr(): Expr {
    let left = cmpExpr();
    while (peek()?.t === 'name' && peek()!.v === 'and') {
      i++;
      left = { kind: 'binary', op: 'and', left, right: cmpExpr() };
    }
    return left;
  }
  function cmpExpr(): Expr {
    const left = addExpr();
    const tok = peek();
    if (tok?.t === 'op' && ['=', '!=', '<', '<=', '>', '>='].includes(tok.v)) {
      i++;
      return { kind: 'binary', op: tok.v as '=', left, right: addExpr() };
    }
    return left;
  }
  function addExpr(): Expr {
    let left = unionExpr();
    while (isOp('+') || isOp('-')) {
      const op = peek()!.v as '+' | '-';
      i++;
      left = { kind: 'binary', op, left, right: unionExpr() };
    }
    return left;
  }
  function unionExpr(): Expr {
    const first = pathExpr();
    if (!isOp('|')) return first;
    const parts = [first];
    while (isOp('|')) {
      i++;
      parts.push(pathExpr());
    }
    return { kind: 'union', parts };
  }
  function step(axisDefault: Axis): Step {
    let axis = axisDefault;
    if (isOp('@')) {
      i++;
      axis = 'attribute';
    }
    if (isOp('..')) {
      i++;
      return { axis: 'parent', ns: '*', local: '*', predicates: [] };
    }
    if (isOp('.')) {
      i++;
      return { axis: 'self', ns: '*', local: '*', predicates: [] };
    }
    if (isOp('*')) {
      i++;
      return { axis, ns: '*', local: '*', predicates: predicates() };
    }
    if (isOp('(')) {
      i++;
      const group = orExpr();
      expect(')');
      return { axis, ns: '*', local: '*', predicates: predicates(), group };
    }
    const tok = peek();
    if (tok?.t !== 'name') throw new Error(`xpath: step expected in ${src}`);
    i++;
    if (isOp('(')) {
      i++;
      const args: Expr[] = [];
      if (!isOp(')')) {
        args.push(orExpr());
        while (isOp(',')) {
          i++;
          args.push(orExpr());
        }
      }
      expect(')');
      if (!KNOWN_FUNCTIONS.has(tok.v)) throw new Error(`xpath: function ${tok.v} not supported`);
      return { axis, ns: '*', local: '*', predicates: [], call: { kind: 'call', name: tok.v, args } };
    }
    if (isOp('::')) {
      i++;
      const a = AXES[tok.v];
      if (!a) throw new Error(`xpath: axis ${tok.v}`);
      return step(a);
    }
    if (tok.v.endsWith(':*')) {
      return { axis, ns: qname(tok.v.slice(0, -2) + ':x').ns, local: '*', predicates: predicates() };
    }
    const q = axis === 'attribute' && !tok.v.includes(':') ? { ns: '', local: tok.v } : qname(tok.v);
    return { axis, ...q, predicates: predicates() };
  }
  function predicates(): Expr[] {
    const out: Expr[] = [];
    while (isOp('[')) {
      i++;
      out.push(orExpr());
      expect(']');
    }
    return out;
  }
  function pathExpr(): Expr {
    let absolute: '' | '/' | '//' = '';
    if (isOp('//')) {
      i++;
      absolute = '//';
    } else if (isOp('/')) {
      i++;
      absolute = '/';
    }
    const tok = peek();
    // Primary expressions (literals, numbers, function calls) may start a path only when relative.
    if (absolute === '' && tok) {
      if (tok.t === 'str') {
        i++;
        return { kind: 'literal', value: tok.v };
      }
      if (tok.t === 'num') {
        i++;
        return { kind: 'number', value: Number(tok.v) };
      }
      if (tok.t === 'name' && toks[i + 1]?.t === 'op' && toks[i + 1]!.v === '(' && !tok.v.includes('::')) {
        i += 2;
        const args: Expr[] = [];
        if (!isOp(')')) {
          args.push(orExpr());
          while (isOp(',')) {
            i++;
            args.push(orExpr());
          }
        }
        expect(')');
        if (!KNOWN_FUNCTIONS.has(tok.v)) throw new Error(`xpath: function ${tok.v} not supported`);
        const call: Expr = { kind: 'call', name: tok.v, args };
        if (isOp('/') || isOp('//')) return continuePath(call);
        return call;
      }
    }
    const steps: Step[] = absolute === '//' ? [ANY_NODE(), step('child')] : [step('child')];
    while (isOp('/') || isOp('//')) {
      if (peek()!.v === '//') steps.push(ANY_NODE());
      i++;
      steps.push(step('child'));
    }
    return { kind: 'path', absolute: absolute === '//' ? '/' : absolute, steps };
  }
  function continuePath(start: Expr): Expr {
    const steps: Step[] = [];
    while (isOp('/') || isOp('//')) {
      if (peek()!.v === '//') steps.push(ANY_NODE());
      i++;
      steps.push(step('child'));
    }
    return { kind: 'path', absolute: '', steps, start };
  }
  const expr = orExpr();
  if (i !== toks.length) throw new Error(`xpath: unexpected ${toks[i]?.v} in ${src}`);
  return expr;
}
