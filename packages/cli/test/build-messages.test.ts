import { buildModel } from '@mfc/builder';
import type { MfcError } from '@mfc/diagnostics';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tinyGguf, workspace } from './helpers.js';

let ws: ReturnType<typeof workspace>;
beforeEach(() => {
  ws = workspace('mfc-build-msg-');
});
afterEach(() => ws.cleanup());

describe('build error messages', () => {
  it('a FROM folder without weights: "model files", at the FROM line, naming the folder', async () => {
    mkdirSync(join(ws.dir, 'empty'));
    const file = ws.write('Modelfile', 'FROM ./empty\n');
    // mfc build stops at lint (MF022, as Ollama would fail) …
    const r = await ws.mfc(['build', '-f', file, '-t', 'x', '--json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).error.code).toBe('LINT_ERRORS');
    expect(r.stdout).toContain('MF022');
    // … and the builder itself, without lint, says the same at the FROM line.
    const err = await buildModel({
      modelsDir: join(ws.dir, 'm'),
      name: 'x',
      modelfile: file,
      lint: false,
    }).catch((e: unknown) => e as MfcError);
    expect(err).toMatchObject({
      code: 'BUILD_NO_MODEL_FILES',
      message: `no model files found in ${join(ws.dir, 'empty')}`,
    });
    // The position is the Modelfile's line, in the Modelfile (not the folder's name with its line).
    expect((err as MfcError).location).toMatchObject({ file, range: { start: { line: 1 } } });
  });

  it('a file named by ADAPTER: the Modelfile line, and the file with its byte offset beside it', async () => {
    const notes = ws.write('notes.txt', 'not a model\n');
    const file = ws.write('Modelfile', `FROM ${tinyGguf}\nADAPTER ./notes.txt\n`);
    const r = await ws.mfc(['build', '-f', file, '-t', 'x']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      `${file}:2:1: error ADAPTER ./notes.txt: supplied file was not in GGUF format (${notes} at byte 0) [BUILD_NOT_GGUF]\n`,
    );
    const j = await ws.mfc(['build', '-f', file, '-t', 'x', '--json']);
    expect(JSON.parse(j.stdout).error).toMatchObject({
      code: 'BUILD_NOT_GGUF',
      location: { file, range: { start: { line: 2 } }, related: [{ file: notes, byteOffset: 0 }] },
    });
  });
});
