import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mfcBin, startLsp, type LspSession } from './lsp-client.js';

/**
 * The server as editors run it: `node packages/cli/bin/mfc.js lsp --stdio`,
 * driven by vscode-jsonrpc over the child's stdin/stdout.
 */
describe('mfc lsp --stdio', () => {
  let dir: string;
  let lsp: LspSession;
  let uri: string;
  const text = [
    'FROM ./model.gguf',
    'PARAMETER temprature 0.7',
    'PARAMETER num_ctx 4096',
    'PARAMETER num_ctx 8192',
    'TEMPLATE """{{ if .System }}{{ .System }}{{ end }}',
    '{{ range .Messages }}{{ .Content }}{{ end"""',
    '',
  ].join('\n');

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mfc-lsp-'));
    writeFileSync(join(dir, 'model.gguf'), 'not really a model');
    mkdirSync(join(dir, 'models'));
    const file = join(dir, 'Modelfile');
    writeFileSync(file, text);
    uri = pathToFileURL(file).href;
    lsp = startLsp({ ...process.env, OLLAMA_MODELS: join(dir, 'models') }, dir);
    const init = (await lsp.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: pathToFileURL(dir).href,
      capabilities: {},
      initializationOptions: { debounceMs: 50 },
    })) as { capabilities: Record<string, unknown>; serverInfo: { name: string } };
    expect(init.serverInfo.name).toBe('mfc');
    expect(init.capabilities.textDocumentSync).toMatchObject({ change: 2, openClose: true });
    await lsp.connection.sendNotification('initialized', {});
  });

  afterAll(() => {
    lsp?.child.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  it('publishes lint diagnostics on open, with rule codes, exact ranges and rule links', async () => {
    const published = lsp.diagnostics(uri);
    await lsp.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId: 'modelfile', version: 1, text },
    });
    const { diagnostics, version } = await published;
    expect(version).toBe(1);
    const byCode = Object.fromEntries(diagnostics.map((d) => [d.code, d]));
    expect(byCode.MF003.range).toEqual({
      start: { line: 1, character: 10 },
      end: { line: 1, character: 20 },
    });
    expect(byCode.MF003.severity).toBe(1);
    expect(byCode.MF003.message).toContain("did you mean 'temperature'?");
    expect(byCode.MF003.codeDescription?.href).toMatch(/docs\/rules\/MF003\.md$/);
    expect(byCode.MF008.severity).toBe(2);
    expect(byCode.MF008.range.start).toEqual({ line: 2, character: 0 });
    // The template error sits where Go's parser stopped, inside the TEMPLATE value (line 6).
    expect(byCode.MF016.range.start.line).toBe(5);
    expect(byCode.MF016.range.start.character).toBeGreaterThan(30);
  });

  it('re-lints after incremental changes', async () => {
    const published = lsp.diagnostics(uri, (p) => p.version === 2);
    await lsp.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: 2 },
      contentChanges: [
        {
          range: { start: { line: 1, character: 10 }, end: { line: 1, character: 20 } },
          text: 'temperature',
        },
      ],
    });
    const { diagnostics } = await published;
    expect(diagnostics.map((d) => d.code)).not.toContain('MF003');
    expect(diagnostics.map((d) => d.code)).toContain('MF008');
  });

  it('answers hover with the reference table', async () => {
    const hover = (await lsp.connection.sendRequest('textDocument/hover', {
      textDocument: { uri },
      position: { line: 2, character: 12 },
    })) as { contents: { value: string } };
    expect(hover.contents.value).toContain('**num_ctx** (int)');
    expect(hover.contents.value).toContain('Default: `4096`');
  });

  it('completes parameter names and template fields', async () => {
    const items = (await lsp.connection.sendRequest('textDocument/completion', {
      textDocument: { uri },
      position: { line: 1, character: 12 },
    })) as { label: string }[];
    expect(items.map((i) => i.label)).toContain('temperature');
    const fields = (await lsp.connection.sendRequest('textDocument/completion', {
      textDocument: { uri },
      position: { line: 4, character: 19 },
    })) as { label: string }[];
    expect(fields.map((i) => i.label)).toEqual(
      expect.arrayContaining(['System', 'Messages', 'Tools']),
    );
  });

  it('offers quick fixes for duplicates', async () => {
    const actions = (await lsp.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } },
      context: { diagnostics: [] },
    })) as {
      title: string;
      edit: { changes: Record<string, { range: unknown; newText: string }[]> };
    }[];
    expect(actions.map((a) => a.title)).toEqual([expect.stringMatching(/^Remove this duplicate/)]);
    expect(actions[0].edit.changes[uri]).toEqual([
      { range: { start: { line: 2, character: 0 }, end: { line: 3, character: 0 } }, newText: '' },
    ]);
  });

  it('lists the commands as document symbols and resolves FROM paths', async () => {
    const symbols = (await lsp.connection.sendRequest('textDocument/documentSymbol', {
      textDocument: { uri },
    })) as { name: string }[];
    expect(symbols.map((s) => s.name)).toEqual([
      'FROM',
      'PARAMETER temperature',
      'PARAMETER num_ctx',
      'PARAMETER num_ctx',
      'TEMPLATE',
    ]);
    const location = (await lsp.connection.sendRequest('textDocument/definition', {
      textDocument: { uri },
      position: { line: 0, character: 8 },
    })) as { uri: string };
    expect(location.uri).toBe(pathToFileURL(join(dir, 'model.gguf')).href);
  });

  it('formats exactly like mfc fmt', async () => {
    const source = 'from llama3\n# sampling\nparameter temperature 0.5\n\n\nsystem "hi there"\n';
    const fmtFile = join(dir, 'Fmt.Modelfile');
    writeFileSync(fmtFile, source);
    const fmtUri = pathToFileURL(fmtFile).href;
    const expected = execFileSync(process.execPath, [mfcBin, 'fmt', fmtFile], { encoding: 'utf8' });
    expect(expected).toBe(
      'FROM llama3\n# sampling\nPARAMETER temperature 0.5\n\nSYSTEM hi there\n',
    );
    await lsp.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri: fmtUri, languageId: 'modelfile', version: 1, text: source },
    });
    const edits = (await lsp.connection.sendRequest('textDocument/formatting', {
      textDocument: { uri: fmtUri },
      options: { tabSize: 2, insertSpaces: true },
    })) as { newText: string }[];
    expect(edits.map((e) => e.newText)).toEqual([expected]);
  });

  it('shuts down and exits with code 0', async () => {
    await lsp.connection.sendRequest('shutdown');
    await lsp.connection.sendNotification('exit');
    expect(await lsp.exitCode).toBe(0);
  });
});
