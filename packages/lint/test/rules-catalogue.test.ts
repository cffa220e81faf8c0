import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { allRules } from '../src/index.js';
import { placeholders } from '../src/messages.js';

const pkg = fileURLToPath(new URL('..', import.meta.url));
const repo = join(pkg, '..', '..');
const ruleFiles = readdirSync(join(pkg, 'src/rules')).filter((f) => /^MF\d{3}\.ts$/.test(f));

describe('the rule catalogue', () => {
  it('registers every rule module, in id order, with its file name as id', async () => {
    expect(allRules.map((r) => `${r.meta.id}.ts`)).toEqual([...ruleFiles].sort());
    for (const file of ruleFiles) {
      const mod = (await import(join(pkg, 'src/rules', file))) as {
        default: (typeof allRules)[number];
      };
      expect(allRules).toContain(mod.default);
    }
  });

  it('gives every rule unique names, a one-line description and messages', () => {
    const names = allRules.map((r) => r.meta.name);
    expect(new Set(names).size).toBe(names.length);
    for (const { meta } of allRules) {
      expect(meta.name).toMatch(/^[a-z]+(-[a-z]+)*$/);
      expect(meta.description).not.toContain('\n');
      expect(meta.description.length).toBeGreaterThan(10);
      expect(meta.docs).toBe(`docs/rules/${meta.id}.md`);
      expect(['error', 'warning', 'info']).toContain(meta.severity);
      expect(Object.keys(meta.messages).length).toBeGreaterThan(0);
    }
  });

  it('has a test and a documentation page for every rule', () => {
    for (const { meta } of allRules) {
      expect(existsSync(join(pkg, 'test/rules', `${meta.id}.test.ts`)), `${meta.id} test`).toBe(
        true,
      );
      const page = join(repo, meta.docs);
      expect(existsSync(page), `${meta.docs}`).toBe(true);
      expect(readFileSync(page, 'utf8').split('\n')[0]).toBe(`# ${meta.id} — ${meta.name}`);
      expect(readFileSync(page, 'utf8')).toContain(`**Default severity:** ${meta.severity}`);
    }
  });

  it('lists every rule in docs/rules/README.md with its name and default severity', () => {
    const readme = readFileSync(join(repo, 'docs/rules/README.md'), 'utf8');
    // Table rows: | [MF001](MF001.md) | parse-error | error | … (column padding is prettier's).
    const rows = [
      ...readme.matchAll(
        /^\|\s*\[(MF\d{3})\]\((MF\d{3})\.md\)\s*\|\s*([\w-]+)\s*\|\s*(\w+)\s*\|/gm,
      ),
    ].map((m) => `${m[1]} ${m[2]} ${m[3]} ${m[4]}`);
    expect(rows).toEqual(
      allRules.map(({ meta }) => `${meta.id} ${meta.id} ${meta.name} ${meta.severity}`),
    );
  });

  it('has no documentation page or test without a rule', () => {
    const ids = new Set(allRules.map((r) => r.meta.id));
    const pages = readdirSync(join(repo, 'docs/rules')).filter((f) => /^MF\d{3}\.md$/.test(f));
    expect(pages.filter((p) => !ids.has(p.slice(0, 5)))).toEqual([]);
    const tests = readdirSync(join(pkg, 'test/rules')).filter((f) => f.endsWith('.test.ts'));
    expect(tests.filter((t) => !ids.has(t.slice(0, 5)))).toEqual([]);
  });

  it('declares placeholders only as {word}', () => {
    for (const { meta } of allRules) {
      for (const template of Object.values(meta.messages)) {
        for (const p of placeholders(template)) expect(p).toMatch(/^\w+$/);
      }
    }
  });
});
