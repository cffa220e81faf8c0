/** Keeps grammar/modelfile.ebnf in sync with the Chevrotain lexer and parser. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { INSTRUCTIONS } from '../src/chars.js';
import { syntaxRulesAsEbnf } from '../src/ebnf.js';
import { allTokens } from '../src/lexer.js';

const ebnf = readFileSync(join(import.meta.dirname, '../../../grammar/modelfile.ebnf'), 'utf8');

describe('grammar/modelfile.ebnf', () => {
  it('embeds exactly the syntax rules of the Chevrotain parser', () => {
    const generated =
      /\(\* BEGIN GENERATED SYNTAX \*\)\n([\s\S]*?)\n\(\* END GENERATED SYNTAX \*\)/.exec(
        ebnf,
      )?.[1];
    expect(generated).toBe(syntaxRulesAsEbnf());
  });

  it('defines every token of the lexer', () => {
    const defined = new Set([...ebnf.matchAll(/^([A-Za-z][A-Za-z ]*?)\s+=/gm)].map((m) => m[1]));
    for (const token of allTokens) expect(defined, token.name).toContain(token.name);
    // …and no token the lexer does not have (lower-case names are character classes)
    const tokenNames = new Set(allTokens.map((t) => t.name));
    const syntaxRules = new Set(
      syntaxRulesAsEbnf()
        .split('\n')
        .map((l) => l.split(' ')[0]),
    );
    for (const name of defined) {
      if (/^[A-Z]/.test(name)) expect(tokenNames, name).toContain(name);
      else expect(/^[a-z ]+$/.test(name) || syntaxRules.has(name), name).toBe(true);
    }
  });

  it('names every instruction', () => {
    for (const instruction of INSTRUCTIONS)
      expect(ebnf.toLowerCase()).toContain(`name is "${instruction}"`);
  });

  it('is syntactically well formed: every rule ends with ";" and its references are defined', () => {
    const body = ebnf
      .replace(/\(\*[\s\S]*?\*\)/g, '')
      .replace(/\?[^?]*\?/g, '')
      .replace(/"[^"]*"|'[^']*'/g, '');
    const rules = body
      .split(';')
      .map((r) => r.trim())
      .filter(Boolean);
    const names = new Set(rules.map((r) => r.split('=')[0].trim()));
    for (const rule of rules) {
      expect(rule, rule).toMatch(/^[A-Za-z][A-Za-z ]*=/);
      const rhs = rule.slice(rule.indexOf('=') + 1);
      for (const ref of rhs.match(/[A-Za-z][A-Za-z ]*[A-Za-z]|[A-Za-z]/g) ?? []) {
        expect(names, `${ref} in ${rule}`).toContain(ref.trim());
      }
    }
  });
});
