import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMfc } from './in-process.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mfc-lint-no-files-'));
  await writeFile(join(dir, 'Modelfile'), 'FROM ./weights/model.gguf\nPARAMETER temperature 0.7\n');
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('mfc lint --no-files', () => {
  it('fails on missing weights, says how to skip them, and passes with --no-files', async () => {
    const withFiles = await runMfc(['lint', '--format', 'github', join(dir, 'Modelfile')]);
    expect(withFiles.code).toBe(1);
    expect(withFiles.stdout).toContain('title=MF011::FROM path');
    expect(withFiles.stdout).toContain('run `mfc lint --no-files`');
    const without = await runMfc([
      'lint',
      '--no-files',
      '--format',
      'github',
      join(dir, 'Modelfile'),
    ]);
    expect(without).toEqual({ code: 0, stdout: '', stderr: '' });
  });
});
