/** Jinja's tests (`is defined`, `is none`, …) and filters (trim, length, default, …) in Go. */
import { describe, type J } from './ast.js';
import type { ExpressionTranslator } from './expressions.js';
import type { Scope } from './scope.js';
import { caseChange, jinjaString, konst, not, type V } from './values.js';

export function test(ex: ExpressionTranslator, n: J, scope: Scope): V {
  const v = ex.expr(n.operand, scope);
  const name: string = n.test.value;
  let r: V | undefined;
  if (v.konst) {
    const x = v.value;
    const table: Record<string, boolean | undefined> = {
      defined: x !== undefined,
      undefined: x === undefined,
      none: x === null,
      string: typeof x === 'string',
      number: typeof x === 'number',
      integer: typeof x === 'number' && Number.isInteger(x),
      boolean: typeof x === 'boolean',
      true: x === true,
      false: x === false,
      mapping: false,
    };
    if (table[name] !== undefined) r = konst(table[name]);
  } else if ((name === 'defined' || name === 'undefined') && v.defFlag) {
    r = { go: v.defFlag, ty: 'bool' };
    if (name === 'undefined') r = not(r);
  } else if (v.maybeNone && v.ty !== 'unknown' && (name === 'none' || name === 'string')) {
    ex.ctx.notes.add('an empty string counts as none in the Go template');
    r = name === 'none' ? not(v) : { go: v.go, ty: 'bool' };
  } else if (
    v.ty === 'string' ||
    v.ty === 'messages' ||
    v.ty === 'message' ||
    v.ty === 'namespace'
  ) {
    const table: Record<string, boolean | undefined> = {
      defined: true,
      undefined: false,
      none: false,
      string: v.ty === 'string',
      number: false,
      integer: false,
      boolean: false,
      mapping: v.ty === 'message',
      iterable: v.ty !== 'namespace' && v.ty !== 'message',
      sequence: v.ty === 'messages',
    };
    if (table[name] !== undefined) r = konst(table[name]);
  }
  if (!r)
    return ex.ctx.fail(
      `the test "is ${name}"`,
      `its answer for ${describe(n.operand)} is not known`,
      name,
    );
  return n.negate ? not(r) : r;
}

export function filterExpr(ex: ExpressionTranslator, n: J, scope: Scope): V {
  const f = n.filter.type === 'CallExpression' ? n.filter.callee.value : n.filter.value;
  const args: J[] = n.filter.type === 'CallExpression' ? n.filter.args : [];
  const v = ex.expr(n.operand, scope);
  switch (f) {
    case 'trim':
      return ex.trim(v, 'strip');
    case 'length':
    case 'count':
      if (v.konst && typeof v.value === 'string') return konst(v.value.length);
      if (v.ty === 'messages' || v.ty === 'string') return { go: `(len ${v.go})`, ty: 'int' };
      break;
    case 'first':
      if (v.ty === 'messages') return { go: `(index ${v.go} 0)`, ty: 'message' };
      break;
    case 'last':
      if (v.ty === 'messages') return ex.lastOf(v);
      break;
    case 'default':
    case 'd': {
      if (v.konst && v.ty === 'undefined') return args[0] ? ex.expr(args[0], scope) : konst('');
      if (v.defFlag) break;
      if (v.konst || v.ty === 'string' || v.ty === 'messages' || v.ty === 'message') return v;
      break;
    }
    case 'string':
      if (v.konst) return konst(jinjaString(v.value));
      if (v.ty === 'string') return v;
      break;
    case 'upper':
    case 'lower':
    case 'title':
    case 'capitalize':
      if (v.konst) return konst(caseChange(jinjaString(v.value), f));
      break;
  }
  return ex.ctx.fail(`the filter "${f}"`, `not translated for ${describe(n.operand)}`, f);
}
