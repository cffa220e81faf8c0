import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMfc } from './in-process.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mfc-template-check-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('mfc template check', () => {
  it('rejects {{ template "name" }} without data as Ollama does, at the call', async () => {
    const file = join(dir, 'Modelfile');
    await writeFile(
      file,
      'FROM m\nTEMPLATE """{{ define "sys" }}{{ .System }}{{ end }}\n{{ template "sys" }}{{ .Prompt }}"""\n',
    );
    const json = await runMfc(['template', 'check', '-f', file, '--json']);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({
      ok: false,
      error: { message: 'undefined template specified', line: 3, column: 1, templateLine: 2 },
    });
    const human = await runMfc(['template', 'check', '-f', file]);
    expect(human.code).toBe(1);
    expect(human.stderr).toContain(`${file}:3:1`);
    expect(human.stderr).toContain('undefined template specified');
  });

  it('accepts the same call with a data argument', async () => {
    // A messages template: Ollama's legacy prompt mode drops the {{ define }}s before executing.
    const file = join(dir, 'ok.Modelfile');
    await writeFile(
      file,
      'FROM m\nTEMPLATE """{{ define "sys" }}{{ .System }}{{ end }}{{ template "sys" . }}{{ range .Messages }}{{ .Content }}{{ end }}"""\n',
    );
    const r = await runMfc(['template', 'check', '-f', file, '--json']);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: true });
    expect(r.code).toBe(0);
  });
});
