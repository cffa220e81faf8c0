/**
 * Runs the Modelfile corpus in fixtures/modelfiles: every valid file must give
 * exactly Ollama's commands, every invalid file Ollama's error text (and our
 * positions), and every valid file must format idempotently to the same commands.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { format, parseModelfile } from '../src/index.js';

const corpus = join(import.meta.dirname, '../../../fixtures/modelfiles');

function cases(kind: 'valid' | 'invalid') {
  return readdirSync(join(corpus, kind))
    .filter((f) => f.endsWith('.Modelfile'))
    .map((f) => {
      const base = join(corpus, kind, f.replace(/\.Modelfile$/, ''));
      return {
        name: f,
        bytes: new Uint8Array(readFileSync(base + '.Modelfile')),
        expected: JSON.parse(readFileSync(base + '.json', 'utf8')),
      };
    });
}

describe('valid Modelfiles give Ollama’s commands', () => {
  const valid = cases('valid');
  it('has a corpus', () => expect(valid.length).toBeGreaterThan(40));
  for (const c of valid) {
    it(c.name, () => {
      const result = parseModelfile(c.bytes, { file: c.name });
      expect(result.errors).toEqual([]);
      expect(result.commands).toEqual(c.expected.commands);
      const formatted = format(result);
      const again = parseModelfile(formatted);
      expect(again.commands).toEqual(c.expected.commands);
      expect(format(again)).toBe(formatted);
    });
  }
});

describe('invalid Modelfiles give Ollama’s errors', () => {
  const invalid = cases('invalid');
  it('has a corpus', () => expect(invalid.length).toBeGreaterThan(15));
  for (const c of invalid) {
    it(c.name, () => {
      const result = parseModelfile(c.bytes, { file: c.name });
      expect(result.errors[0]?.ollamaMessage).toBe(c.expected.error);
      expect(
        result.errors.map((e) => ({
          code: e.code,
          message: e.message,
          line: e.range.start.line,
          column: e.range.start.column,
        })),
      ).toEqual(c.expected.errors);
      for (const e of result.errors) expect(e.file).toBe(c.name);
    });
  }
});
