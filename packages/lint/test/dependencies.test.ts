// The linter loads no Jinja engine: Jinja comparison lives in
// @mfc/chat-templates, and lint uses only the Go template port. This walks
// lint's run-time dependency tree the way Node resolves it (each package's
// `dependencies`, found in the nearest node_modules) and fails if a Jinja
// engine, or the package that brings one, is anywhere in it.
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const lintDir = fileURLToPath(new URL('..', import.meta.url));

function findPackage(fromDir: string, name: string): string | undefined {
  for (let d = fromDir; ; d = dirname(d)) {
    const p = join(d, 'node_modules', name, 'package.json');
    if (existsSync(p)) return realpathSync(dirname(p));
    if (dirname(d) === d) return undefined;
  }
}

function runtimeTree(root: string): Map<string, string> {
  const seen = new Map<string, string>(); // name → folder
  const queue = [root];
  while (queue.length > 0) {
    const dir = queue.pop()!;
    const json = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
      dependencies?: Record<string, string>;
    };
    for (const name of Object.keys(json.dependencies ?? {})) {
      if (seen.has(name)) continue;
      const found = findPackage(dir, name);
      if (found === undefined) throw new Error(`${name} (needed by ${dir}) is not installed`);
      seen.set(name, found);
      queue.push(found);
    }
  }
  return seen;
}

describe('@mfc/lint dependency tree', () => {
  it('has no Jinja engine', () => {
    const tree = runtimeTree(lintDir);
    expect(tree.has('@mfc/gotemplate')).toBe(true); // the walk reaches workspace packages
    expect(tree.has('chevrotain')).toBe(true); // and third-party ones
    const jinja = [...tree.keys()].filter(
      (n) => /jinja|nunjucks/i.test(n) || n === '@mfc/chat-templates',
    );
    expect(jinja).toEqual([]);
  });
});
