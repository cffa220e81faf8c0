import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { lintModelfile } from '@mfc/lint';
import { parseModelfile } from '@mfc/modelfile';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  codeActions,
  completeAt,
  definitionAt,
  documentSymbols,
  formatDocument,
  hoverAt,
  toDiagnostics,
  type CompletionOptions,
} from '../src/index.js';

/** `text` with `|` marking the cursor: the parse and the cursor's offset. */
function at(marked: string) {
  const offset = marked.indexOf('|');
  const text = marked.slice(0, offset) + marked.slice(offset + 1);
  return { parse: parseModelfile(text), offset, text };
}

let dir: string;
let options: CompletionOptions;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'mfc-lsp-unit-'));
  writeFileSync(join(dir, 'model.gguf'), '');
  writeFileSync(join(dir, 'adapter.gguf'), '');
  mkdirSync(join(dir, 'weights'));
  const manifests = join(dir, 'store', 'manifests', 'registry.ollama.ai', 'library', 'llama3.2');
  mkdirSync(manifests, { recursive: true });
  writeFileSync(
    join(manifests, 'latest'),
    JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
      config: {
        mediaType: 'application/vnd.docker.container.image.v1+json',
        digest: `sha256:${'a'.repeat(64)}`,
        size: 2,
      },
      layers: [],
    }),
  );
  options = {
    baseDir: dir,
    modelsDir: join(dir, 'store'),
    rangeOf: (start, end) => ({
      start: { line: 0, character: start },
      end: { line: 0, character: end },
    }),
  };
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const labels = async (marked: string) => {
  const { parse, offset } = at(marked);
  return (await completeAt(parse, offset, options)).map((i) => i.label);
};

describe('completion', () => {
  it('offers the instructions on an empty line and while a keyword is typed', async () => {
    expect(await labels('|')).toHaveLength(11);
    expect(await labels('FROM x\nPA|')).toContain('PARAMETER');
    expect(await labels('FROM x\n# a comment |')).toEqual([]);
  });

  it('offers parameter names on a half-written PARAMETER line', async () => {
    expect(await labels('FROM x\nPARAMETER |')).toContain('num_ctx');
    expect(await labels('FROM x\nPARAMETER temp|\nSYSTEM hi')).toContain('temperature');
  });

  it('replaces the whole word under the cursor', async () => {
    const { parse, offset } = at('FR|OM x\nPARAMETER tem|perature 1\n');
    const [kw] = await completeAt(parse, offset, options);
    expect(kw.textEdit).toMatchObject({
      range: { start: { character: 0 }, end: { character: 4 } },
    });
    const second = at('FROM x\nPARAMETER tem|perature 1\n');
    const [name] = await completeAt(second.parse, second.offset, options);
    expect(name.textEdit).toMatchObject({
      range: { start: { character: 17 }, end: { character: 28 } },
    });
  });

  it('offers booleans for bool parameters and the roles after MESSAGE', async () => {
    expect(await labels('FROM x\nPARAMETER use_mmap |')).toEqual(['true', 'false']);
    expect(await labels('FROM x\nMESSAGE |')).toEqual(['system', 'user', 'assistant']);
  });

  it('offers template fields after a dot and functions inside an action, in an unclosed TEMPLATE', async () => {
    const fields = await labels('FROM x\nTEMPLATE """{{ range .Messages }}{{ .|');
    expect(fields).toEqual(
      expect.arrayContaining(['System', 'Messages', 'Tools', 'Role', 'Content']),
    );
    const words = await labels('FROM x\nTEMPLATE """{{ ran|');
    expect(words).toEqual(expect.arrayContaining(['range', 'len', 'json', 'eq']));
    expect(await labels('FROM x\nTEMPLATE """plain text |')).toEqual([]);
  });

  it('offers store models and local files after FROM, files after ADAPTER', async () => {
    const from = await labels('FROM |');
    expect(from).toEqual(expect.arrayContaining(['llama3.2:latest', './model.gguf', './weights/']));
    expect(await labels('FROM ll|')).toEqual(['llama3.2:latest']);
    expect(await labels('FROM x\nADAPTER ./ad|')).toEqual(['./adapter.gguf']);
  });
});

describe('hover', () => {
  const hover = (marked: string) => {
    const { parse, offset } = at(marked);
    const h = hoverAt(parse, offset);
    return h && typeof h.contents === 'object' && 'value' in h.contents
      ? h.contents.value
      : undefined;
  };

  it('documents instructions and parameters from the reference table', () => {
    expect(hover('FR|OM x')).toContain('FROM <model name');
    const md = hover('FROM x\nPARAMETER top|_p 0.5');
    expect(md).toContain('**top_p** (float)');
    expect(md).toContain('Default: `0.9`');
    expect(md).toContain('Range: 0 … 1');
  });

  it('works on a half-written file', () => {
    expect(hover('FROM x\nPARAMETER num_c|tx')).toContain('**num_ctx** (int)');
    expect(hover('FROM x\nSYST|EM')).toContain('SYSTEM <text>');
    expect(hover('FROM x\nTEMPLATE """{{ .Too|ls }}')).toContain('**.Tools**');
  });
});

describe('diagnostics and quick fixes', () => {
  const uri = 'file:///tmp/Modelfile';

  it('turns findings into diagnostics with links and offers the did-you-mean fixes', async () => {
    const text = 'FORM llama3\nFROM x\nPARAMETER Temperature 0.5\nMESSAGE User hi\nFROM: y\n';
    const doc = TextDocument.create(uri, 'modelfile', 1, text);
    const { findings } = await lintModelfile(text, { config: false, baseDir: dir });
    const diagnostics = toDiagnostics(findings, doc, 'https://example.org/mfc/');
    expect(diagnostics.map((d) => [d.code, d.range.start.line])).toEqual([
      ['MF001', 0],
      ['MF003', 2],
      ['MF001', 3],
      ['MF001', 4],
    ]);
    expect(diagnostics[1].codeDescription).toEqual({
      href: 'https://example.org/mfc/docs/rules/MF003.md',
    });
    const everywhere = { start: { line: 0, character: 0 }, end: { line: 5, character: 0 } };
    const actions = codeActions(doc, parseModelfile(text), findings, everywhere);
    expect(actions.map((a) => [a.title, a.edit?.changes?.[uri]?.[0].newText])).toEqual([
      ["Replace 'FORM' with 'FROM'", 'FROM'],
      ["Replace 'Temperature' with 'temperature'", 'temperature'],
      ["Replace 'User' with 'user'", 'user'],
    ]);
  });

  it('puts template errors at their true position inside the TEMPLATE value', async () => {
    const text = 'FROM x\nTEMPLATE """{{ if .System }}\n  {{ .System }}\n{{ end }}{{ end }}"""\n';
    const doc = TextDocument.create(uri, 'modelfile', 1, text);
    const { findings } = await lintModelfile(text, { config: false, baseDir: dir });
    const [d] = toDiagnostics(findings, doc, undefined);
    expect(d.code).toBe('MF016');
    expect(d.message).toContain('unexpected {{end}}');
    // the second `{{ end }}` on the fourth line
    expect(d.range).toEqual({ start: { line: 3, character: 9 }, end: { line: 3, character: 10 } });
    expect(d.codeDescription).toBeUndefined();
  });

  it('keeps positions right with CRLF line ends and a byte order mark', async () => {
    const text = '\ufeffFROM x\r\nPARAMETER temprature 1\r\n';
    const doc = TextDocument.create(uri, 'modelfile', 1, text);
    const { findings } = await lintModelfile(text, { config: false, baseDir: dir });
    const [d] = toDiagnostics(findings, doc, undefined);
    expect(d.range).toEqual({ start: { line: 1, character: 10 }, end: { line: 1, character: 20 } });
    const keyword = lintModelfile('\ufeffFORM x\r\n', { config: false, baseDir: dir });
    const bomDoc = TextDocument.create(uri, 'modelfile', 1, '\ufeffFORM x\r\n');
    const [k] = toDiagnostics((await keyword).findings, bomDoc, undefined);
    expect(bomDoc.getText(k.range)).toBe('FORM');
  });

  it('removes a duplicate line', async () => {
    const text = 'FROM x\nSYSTEM one\nSYSTEM two\n';
    const doc = TextDocument.create(uri, 'modelfile', 1, text);
    const { findings } = await lintModelfile(text, { config: false, baseDir: dir });
    const [action] = codeActions(doc, parseModelfile(text), findings, {
      start: { line: 1, character: 0 },
      end: { line: 1, character: 3 },
    });
    const edited = TextDocument.applyEdits(doc, action.edit!.changes![uri]);
    expect(edited).toBe('FROM x\nSYSTEM two\n');
  });
});

describe('formatting, symbols, definition', () => {
  it('formats like mfc fmt and leaves files with syntax errors alone', () => {
    const doc = TextDocument.create('file:///m', 'modelfile', 1, 'from x\nsystem "hi"\n');
    const edits = formatDocument(doc)!;
    expect(TextDocument.applyEdits(doc, edits)).toBe('FROM x\nSYSTEM hi\n');
    expect(formatDocument(TextDocument.create('file:///m', 'modelfile', 1, 'FROM x\n'))).toEqual(
      [],
    );
    expect(
      formatDocument(TextDocument.create('file:///m', 'modelfile', 1, 'FORM x\n')),
    ).toBeUndefined();
  });

  it('outlines the commands', () => {
    const symbols = documentSymbols(
      parseModelfile('FROM x\nPARAMETER stop </s>\nMESSAGE user hi\n'),
    );
    expect(symbols.map((s) => [s.name, s.detail])).toEqual([
      ['FROM', 'x'],
      ['PARAMETER stop', '</s>'],
      ['MESSAGE user', 'hi'],
    ]);
  });

  it('goes to the file a FROM or ADAPTER path names, not to model names', () => {
    const { parse, offset } = at('FROM ./mo|del.gguf\nADAPTER adapter.gguf\n');
    expect(definitionAt(parse, offset, dir)?.uri).toBe(pathToFileURL(join(dir, 'model.gguf')).href);
    const adapter = at('FROM x\nADAPTER adap|ter.gguf\n');
    expect(definitionAt(adapter.parse, adapter.offset, dir)?.uri).toBe(
      pathToFileURL(join(dir, 'adapter.gguf')).href,
    );
    const name = at('FROM llama|3.2\n');
    expect(definitionAt(name.parse, name.offset, dir)).toBeUndefined();
  });
});
