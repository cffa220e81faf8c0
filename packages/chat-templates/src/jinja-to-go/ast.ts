/** Helpers over @huggingface/jinja's parse tree: raises, names, rewriting, descriptions. */
import type { Scope } from './scope.js';

/** A parse-tree node of @huggingface/jinja (its AST classes are not exported). */
export type J = any;

export function isRaise(n: J): boolean {
  return (
    n.type === 'CallExpression' &&
    n.callee.type === 'Identifier' &&
    n.callee.value === 'raise_exception'
  );
}

/** Statements that always raise when reached. */
export function raises(body: J[]): boolean {
  return body.some(isRaise);
}

export function propName(n: J): string | undefined {
  if (!n.computed && n.property.type === 'Identifier') return n.property.value;
  if (n.computed && n.property.type === 'StringLiteral') return n.property.value;
  return undefined;
}

/** Names a `set` assigns in this scope (not in nested loops, which are scopes of their own). */
export function assignedNames(body: J[], out = new Set<string>()): Set<string> {
  for (const s of body) {
    if (s.type === 'Set' && s.assignee.type === 'Identifier') out.add(s.assignee.value);
    else if (s.type === 'If') {
      assignedNames(s.body, out);
      assignedNames(s.alternate, out);
    }
  }
  return out;
}

/** Replaces one node of an expression tree (by identity) with another, copying the path to it. */
export function substitute(n: J, target: J, repl: J): J {
  if (n === target) return repl;
  if (n === null || typeof n !== 'object') return n;
  if (Array.isArray(n)) return n.map((c) => substitute(c, target, repl));
  if (n instanceof Map) return n;
  const out: J = {};
  for (const [k, v] of Object.entries(n)) out[k] = substitute(v, target, repl);
  return out;
}

/** The first conditional expression in an expression tree, if any. */
export function findTernary(n: J): J | undefined {
  if (n === null || typeof n !== 'object' || n instanceof Map) return undefined;
  if (Array.isArray(n)) {
    for (const c of n) {
      const t = findTernary(c);
      if (t) return t;
    }
    return undefined;
  }
  if (n.type === 'Ternary') return n;
  for (const [k, v] of Object.entries(n)) {
    if (k === 'operator') continue;
    const t = findTernary(v);
    if (t) return t;
  }
  return undefined;
}

/** `loop.<name>` of the nearest for loop (not a variable named loop). */
export function isLoopMember(n: J, scope: Scope, name: string): boolean {
  return (
    n.type === 'MemberExpression' &&
    n.object.type === 'Identifier' &&
    n.object.value === 'loop' &&
    propName(n) === name &&
    !scope.lookup('loop') &&
    scope.nearestLoop() !== undefined
  );
}

/** A short description of a Jinja node for messages. */
export function describe(n: J): string {
  switch (n?.type) {
    case 'Identifier':
      return n.value;
    case 'StringLiteral':
      return JSON.stringify(n.value);
    case 'IntegerLiteral':
    case 'FloatLiteral':
      return String(n.value);
    case 'MemberExpression': {
      const p = propName(n);
      return `${describe(n.object)}${p === undefined ? '[…]' : n.computed ? `['${p}']` : `.${p}`}`;
    }
    case 'CallExpression':
      return `${describe(n.callee)}()`;
    case 'FilterExpression':
      return `${describe(n.operand)} | ${n.filter.type === 'CallExpression' ? n.filter.callee.value : n.filter.value}`;
    case 'BinaryExpression':
      return `${describe(n.left)} ${n.operator.value} ${describe(n.right)}`;
    case 'ArrayLiteral':
      return 'a list literal';
    case 'ObjectLiteral':
      return 'a dict literal';
    default:
      return `a ${String(n?.type ?? 'node')}`;
  }
}
