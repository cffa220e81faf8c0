/** Jinja's operators (and/or, in, comparisons, concatenation, arithmetic on constants) in Go. */
import { describe, isLoopMember, type J } from './ast.js';
import type { ExpressionTranslator } from './expressions.js';
import type { Scope } from './scope.js';
import { concatenable, goLiteral, jinjaString, konst, not, truthy, type V } from './values.js';

export function binary(ex: ExpressionTranslator, n: J, scope: Scope): V {
  const op: string = n.operator.value;
  if (op === 'and' || op === 'or') {
    const l = ex.expr(n.left, scope);
    if (l.konst) {
      const t = truthy(l.value);
      if (op === 'and' ? !t : t) return l;
      return ex.expr(n.right, scope);
    }
    const r = ex.expr(n.right, scope);
    if (r.konst && op === 'and' && truthy(r.value) && l.ty === 'bool') return l;
    if (r.konst && op === 'or' && !truthy(r.value) && l.ty === 'bool') return l;
    return { go: `(${op} ${l.go} ${r.go})`, ty: l.ty === r.ty ? l.ty : 'unknown' };
  }
  if (op === 'in' || op === 'not in') {
    const l = ex.expr(n.left, scope);
    if (n.right.type === 'ArrayLiteral' || n.right.type === 'TupleLiteral') {
      const items = n.right.value.map((x: J) => ex.expr(x, scope));
      if (!items.every((x: V) => x.konst))
        ex.ctx.fail('`in` a list of values', 'only a list of literals is translated', ' in ');
      let v: V;
      if (l.konst) v = konst(items.some((x: V) => x.value === l.value));
      else if (items.length === 0) v = konst(false);
      else v = { go: `(eq ${l.go} ${items.map((x: V) => x.go).join(' ')})`, ty: 'bool' };
      return op === 'in' ? v : not(v);
    }
    const r = ex.expr(n.right, scope);
    if (l.konst && r.konst && typeof r.value === 'string') {
      const v = konst(r.value.includes(jinjaString(l.value)));
      return op === 'in' ? v : not(v);
    }
    return ex.ctx.fail(
      '`in` a string or list',
      'Go templates have no substring or membership test',
      ' in ',
    );
  }
  if (
    (op === '==' || op === '!=') &&
    n.right.type === 'IntegerLiteral' &&
    isLoopMember(n.left, scope, 'index')
  ) {
    // loop.index == k: the Go range index is k - 1.
    const loop = scope.nearestLoop()!;
    const v: V = { go: `(eq ${loop.index} ${n.right.value - 1})`, ty: 'bool' };
    return op === '==' ? v : not(v);
  }
  const l = ex.expr(n.left, scope);
  const r = ex.expr(n.right, scope);
  if (op === '==' || op === '!=') {
    const v = equal(ex, l, r, n);
    return op === '==' ? v : not(v);
  }
  if (['<', '>', '<=', '>='].includes(op)) {
    if (l.konst && r.konst && typeof l.value === 'number' && typeof r.value === 'number')
      return konst(
        op === '<'
          ? l.value < r.value
          : op === '>'
            ? l.value > r.value
            : op === '<='
              ? l.value <= r.value
              : l.value >= r.value,
      );
    if (l.ty !== r.ty || (l.ty !== 'int' && l.ty !== 'string'))
      ex.ctx.fail(`the comparison ${op}`, 'only numbers or strings of one kind compare', op);
    const fn = { '<': 'lt', '>': 'gt', '<=': 'le', '>=': 'ge' }[op]!;
    return { go: `(${fn} ${l.go} ${r.go})`, ty: 'bool' };
  }
  if (op === '+' || op === '~') {
    if (l.konst && r.konst) {
      if (op === '+' && typeof l.value === 'number' && typeof r.value === 'number')
        return konst(l.value + r.value);
      if (op === '~' || (typeof l.value === 'string' && typeof r.value === 'string'))
        return konst(jinjaString(l.value) + jinjaString(r.value));
    }
    if (op === '+' && !concatenable(l.ty, r.ty))
      ex.ctx.fail('+ on values that are not both strings', 'Go templates have no arithmetic', '+');
    const parts = [l, r]
      .flatMap((x) => (x.konst ? [goLiteral(jinjaString(x.value))] : (x.printArgs ?? [x.go])))
      .filter((p) => p !== '""');
    const only = [l, r].find((x) => !x.konst);
    if (parts.length === 1 && only?.ty === 'string' && parts[0] === only.go) return only;
    if (op === '~' && ![l, r].every((x) => x.konst || x.ty === 'string'))
      ex.ctx.fail('~ on a value that is not a string', 'Go prints it differently', '~');
    return { go: `(print ${parts.join(' ')})`, ty: 'string', printArgs: parts };
  }
  if (l.konst && r.konst && typeof l.value === 'number' && typeof r.value === 'number') {
    const a = l.value;
    const b = r.value;
    const v =
      op === '-' ? a - b : op === '*' ? a * b : op === '%' ? a % b : op === '/' ? a / b : NaN;
    if (!Number.isNaN(v)) return konst(v);
  }
  return ex.ctx.fail(`the operator ${op}`, 'Go templates have no arithmetic', ` ${op} `);
}

function equal(ex: ExpressionTranslator, l: V, r: V, n: J): V {
  if (l.konst && r.konst) return konst(l.value === r.value || (l.value == null && r.value == null));
  // loop.index == k → the Go index == k-1
  const [c, x] = l.konst ? [l, r] : [r, l];
  if (c.konst) {
    if (c.value === null || c.value === undefined || typeof c.value === 'boolean') {
      if (x.ty === 'bool' && typeof c.value === 'boolean') return c.value ? x : not(x);
      // string|false variables, `x == none`: Go cannot compare across kinds; truthiness decides.
      return c.value === true ? { go: x.go, ty: 'bool' } : not(x);
    }
    // none/undefined are "" in Go, unequal to any other string as in Jinja.
    const nilOrString = x.ty === 'string' || x.ty === 'none' || x.ty === 'undefined';
    if (
      (typeof c.value === 'string' && nilOrString && (c.value !== '' || x.ty === 'string')) ||
      (typeof c.value === 'number' && x.ty === 'int')
    )
      return { go: `(eq ${x.go} ${c.go})`, ty: 'bool' };
    if (x.ty === 'undefined') return konst(false);
    if (x.ty === 'unknown' || x.ty === 'string' || x.ty === 'int')
      return ex.ctx.fail(
        `the comparison ${describe(n)}`,
        'the kinds of its sides may differ; Go cannot compare those',
        '==',
      );
  }
  if (l.ty === r.ty && (l.ty === 'string' || l.ty === 'int'))
    return { go: `(eq ${l.go} ${r.go})`, ty: 'bool' };
  return ex.ctx.fail(
    `the comparison ${describe(n)}`,
    'Go compares only strings or numbers of one kind',
    '==',
  );
}

export function unary(ex: ExpressionTranslator, n: J, scope: Scope): V {
  const v = ex.expr(n.argument, scope);
  if (n.operator.value === 'not') return not(v);
  if (n.operator.value === '-' && v.konst && typeof v.value === 'number') return konst(-v.value);
  return ex.ctx.fail(`the operator ${n.operator.value}`, 'not translated', n.operator.value);
}
