/**
 * Ollama's `Template.Vars()`: the field and variable names a template uses
 * (top level and every definition), lower-cased, de-duplicated and sorted.
 * Their presence decides how Ollama renders a chat (`messages` → messages mode).
 */
import type { Node, TemplateNode } from './node.js';
import type { Tree } from './parse.js';

export function collectVars(trees: Iterable<Tree>): string[] {
  const set = new Set<string>();
  const walk = (n: Node | null): void => {
    if (!n) return;
    switch (n.type) {
      case 'list':
        n.nodes.forEach(walk);
        break;
      case 'action':
        walk(n.pipe);
        break;
      case 'template':
        walk(n.pipe);
        break;
      case 'if':
      case 'range':
      case 'with':
        walk(n.pipe);
        walk(n.list);
        walk(n.elseList);
        break;
      case 'pipe':
        for (const c of n.cmds) c.args.forEach(walk);
        break;
      case 'field':
      case 'variable':
        for (const s of n.ident) set.add(s.toLowerCase());
        break;
      default:
        break;
    }
  };
  for (const t of trees) walk(t.root);
  return [...set].sort(compareGoStrings);
}

/**
 * The first (by position) `{{template "name"}}` call without a data argument,
 * in any tree. Ollama's `Vars()` walk fails on such a node (its pipe is nil)
 * with `undefined template specified`, even when the template is defined, so
 * `ollama create` rejects the TEMPLATE although Go parses it.
 */
export function findTemplateCallWithoutData(trees: Iterable<Tree>): TemplateNode | undefined {
  let first: TemplateNode | undefined;
  const walk = (n: Node | null): void => {
    if (!n) return;
    switch (n.type) {
      case 'list':
        n.nodes.forEach(walk);
        break;
      case 'template':
        if (n.pipe === null && (first === undefined || n.pos < first.pos)) first = n;
        break;
      case 'if':
      case 'range':
      case 'with':
        walk(n.list);
        walk(n.elseList);
        break;
      default:
        break;
    }
  };
  for (const t of trees) walk(t.root);
  return first;
}

/** Go's string order: by UTF-8 bytes, i.e. by code point. */
export function compareGoStrings(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) {
      const sx = x >= 0xd800 && x <= 0xdfff;
      const sy = y >= 0xd800 && y <= 0xdfff;
      if (sx !== sy) return sx ? 1 : -1; // surrogates (astral) sort after the BMP
      return x - y;
    }
  }
  return a.length - b.length;
}
