/**
 * Tokenises fixture Modelfiles with a real TextMate engine (vscode-textmate +
 * vscode-oniguruma, as in VS Code) using grammar/modelfile.tmLanguage.json,
 * and checks the scopes it assigns.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import oniguruma from 'vscode-oniguruma';
import vsctm from 'vscode-textmate';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeModelfile, parseModelfile } from '../src/index.js';

const root = join(import.meta.dirname, '../../..');
const grammarPath = join(root, 'grammar/modelfile.tmLanguage.json');
const corpus = join(root, 'fixtures/modelfiles');
let grammar: vsctm.IGrammar;

beforeAll(async () => {
  const wasm = readFileSync(
    createRequire(import.meta.url).resolve('vscode-oniguruma/release/onig.wasm'),
  );
  await oniguruma.loadWASM(
    wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) as ArrayBuffer,
  );
  const registry = new vsctm.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
      createOnigString: (s: string) => new oniguruma.OnigString(s),
    }),
    loadGrammar: async (scopeName: string) =>
      scopeName === 'source.modelfile'
        ? vsctm.parseRawGrammar(readFileSync(grammarPath, 'utf8'), grammarPath)
        : null,
  });
  const loaded = await registry.loadGrammar('source.modelfile');
  if (!loaded) throw new Error('grammar did not load');
  grammar = loaded;
});

interface Tok {
  line: number;
  start: number;
  text: string;
  scopes: string[];
}

function tokenize(text: string): Tok[] {
  const out: Tok[] = [];
  let stack = vsctm.INITIAL;
  text.split(/\r\n|\r|\n/).forEach((line, i) => {
    const r = grammar.tokenizeLine(line, stack);
    for (const t of r.tokens)
      out.push({
        line: i + 1,
        start: t.startIndex + 1,
        text: line.slice(t.startIndex, t.endIndex),
        scopes: t.scopes,
      });
    stack = r.ruleStack;
  });
  return out;
}

/** The scopes of the token covering line:column (1-based). */
function scopesAt(tokens: Tok[], line: number, column: number): string[] {
  const t = tokens.find(
    (x) => x.line === line && x.start <= column && column < x.start + Math.max(1, x.text.length),
  );
  return t?.scopes ?? [];
}

function scopesOf(tokens: Tok[], text: string): string[] {
  const t = tokens.find((x) => x.text === text);
  if (!t) throw new Error(`no token "${text}" in ${JSON.stringify(tokens.map((x) => x.text))}`);
  return t.scopes;
}

const fixture = (path: string) =>
  decodeModelfile(new Uint8Array(readFileSync(join(corpus, path)))).text;

describe('TextMate grammar', () => {
  it('highlights instructions, parameters, roles, strings and comments', () => {
    const tokens = tokenize(fixture('valid/all-instructions.Modelfile'));
    expect(scopesOf(tokens, 'FROM')).toContain('keyword.control.instruction.modelfile');
    expect(scopesOf(tokens, 'base')).toContain('string.unquoted.model.modelfile');
    expect(scopesOf(tokens, 'REQUIRES')).toContain('keyword.control.instruction.modelfile');
    expect(scopesOf(tokens, 'num_ctx')).toContain('variable.parameter.modelfile');
    expect(scopesOf(tokens, '4096')).toContain('constant.numeric.modelfile');
    expect(scopesOf(tokens, 'assistant')).toContain('support.constant.role.modelfile');
    const comments = tokenize(fixture('valid/indented-comment.Modelfile'));
    expect(scopesAt(comments, 1, 5)).toContain('comment.line.number-sign.modelfile');
    expect(scopesOf(comments, 'base # not a comment')).toContain('string.unquoted.model.modelfile');
  });

  it('embeds the Go template inside TEMPLATE, across lines', () => {
    const tokens = tokenize(fixture('valid/seed-template-system-adapter.Modelfile'));
    expect(scopesAt(tokens, 2, 13)).toEqual(
      expect.arrayContaining([
        'string.quoted.triple.modelfile',
        'punctuation.section.embedded.begin.gotemplate',
      ]),
    );
    expect(scopesOf(tokens, 'if')).toContain('keyword.control.gotemplate');
    expect(scopesOf(tokens, '.System')).toEqual(
      expect.arrayContaining([
        'meta.instruction.template.modelfile',
        'meta.embedded.expression.gotemplate',
        'variable.other.property.gotemplate',
      ]),
    );
    // line 4 is inside the open """: still the template
    expect(scopesAt(tokens, 4, 17)).toContain('variable.other.property.gotemplate');
    expect(scopesOf(tokens, 'SYSTEM')).toContain('keyword.control.instruction.modelfile');
    expect(scopesOf(tokens, 'ADAPTER')).toContain('keyword.control.instruction.modelfile');
  });

  it('keeps lines inside an open quote as string, like Ollama', () => {
    const tokens = tokenize(fixture('valid/quote-open-swallows-lines.Modelfile'));
    expect(scopesAt(tokens, 4, 1)).toContain('string.quoted.triple.modelfile');
    expect(scopesAt(tokens, 4, 1)).not.toContain('keyword.control.instruction.modelfile');
    expect(scopesAt(tokens, 3, 1)).not.toContain('comment.line.number-sign.modelfile');
    const open = tokenize(fixture('valid/quote-only-at-line-end.Modelfile'));
    expect(scopesAt(open, 3, 1)).toContain('string.quoted.double.modelfile'); // `"a" b` stays open
    expect(scopesOf(open, 'PARAMETER')).toContain('keyword.control.instruction.modelfile');
  });

  it('marks invalid instructions and roles', () => {
    const tokens = tokenize(fixture('invalid/several-errors.Modelfile'));
    expect(scopesOf(tokens, 'FORM')).toContain('invalid.illegal.instruction.modelfile');
    expect(scopesOf(tokens, 'bot')).toContain('invalid.illegal.role.modelfile');
  });

  it('gives the keyword scope to every command keyword the parser finds in the valid corpus', () => {
    let checked = 0;
    for (const file of readdirSync(join(corpus, 'valid')).filter((f) => f.endsWith('.Modelfile'))) {
      const text = fixture(`valid/${file}`);
      const tokens = tokenize(text);
      for (const command of parseModelfile(text).ast.commands) {
        if (!/^[A-Za-z]+$/.test(command.keyword.text)) continue; // a dropped first rune: not visible to an editor
        const { line, column } = command.keyword.range.start;
        expect(scopesAt(tokens, line, column), `${file}:${line}:${column}`).toContain(
          'keyword.control.instruction.modelfile',
        );
        if (command.instruction === 'parameter' && command.parameter.text !== '') {
          const p = command.parameter.range.start;
          expect(scopesAt(tokens, p.line, p.column), `${file}:${p.line}`).toContain(
            'variable.parameter.modelfile',
          );
        }
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(150);
  });
});

describe('language configuration', () => {
  it('declares # comments and {{ }} brackets', () => {
    const config = JSON.parse(
      readFileSync(join(root, 'grammar/language-configuration.json'), 'utf8'),
    );
    expect(config.comments.lineComment).toBe('#');
    expect(config.brackets).toContainEqual(['{{', '}}']);
  });
});
