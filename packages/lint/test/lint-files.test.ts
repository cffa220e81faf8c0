// lintFiles: what `mfc lint PATH…` runs, in process.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isModelfileName, lintFiles } from '../src/index.js';

const BAD = 'FROM m\nPARAMETER temprature 1\n';
let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'mfc-lint-files-'));
  await mkdir(join(root, 'models/quiet'), { recursive: true });
  await mkdir(join(root, 'models/node_modules'), { recursive: true });
  await mkdir(join(root, 'empty'), { recursive: true });
  await writeFile(join(root, 'models/Modelfile'), BAD);
  await writeFile(join(root, 'models/chat.modelfile'), BAD);
  await writeFile(join(root, 'models/notes.txt'), BAD);
  await writeFile(join(root, 'models/node_modules/Modelfile'), BAD);
  await writeFile(join(root, 'models/quiet/Modelfile.dev'), BAD);
  await writeFile(
    join(root, 'models/quiet/.mfclintrc.json'),
    JSON.stringify({ rules: { MF003: 'off' } }),
  );
});
afterAll(() => rm(root, { recursive: true, force: true }));

const codes = (r: { findings: { code: string }[] }) => r.findings.map((f) => f.code);

describe('lintFiles', () => {
  it('finds Modelfiles in a folder, sorted, each with the nearest config', async () => {
    const results = await lintFiles(['models'], { cwd: root });
    expect(results.map((r) => r.file)).toEqual([
      join(root, 'models/Modelfile'),
      join(root, 'models/chat.modelfile'),
      join(root, 'models/quiet/Modelfile.dev'),
    ]);
    expect(codes(results[0]!)).toContain('MF003');
    expect(codes(results[2]!)).not.toContain('MF003');
  });

  it('applies overrides on top, and reads - from the given stdin', async () => {
    const results = await lintFiles(['-', 'models/Modelfile'], {
      cwd: root,
      overrides: ['MF003:off'],
      stdin: async () => new TextEncoder().encode(BAD),
    });
    expect(results.map((r) => r.file)).toEqual(['<stdin>', join(root, 'models/Modelfile')]);
    expect(results.every((r) => !codes(r).includes('MF003'))).toBe(true);
  });

  it('rejects a folder without Modelfiles, and a bad override before reading anything', async () => {
    await expect(lintFiles(['empty'], { cwd: root })).rejects.toMatchObject({
      code: 'LINT_NO_FILES',
      location: { file: 'empty' },
    });
    await expect(
      lintFiles(['does-not-exist'], { cwd: root, overrides: ['MF003:loud'] }),
    ).rejects.not.toMatchObject({ code: 'ENOENT' });
  });

  it('knows Modelfile names', () => {
    expect(['Modelfile', 'modelfile.prod', 'x.Modelfile'].every(isModelfileName)).toBe(true);
    expect(isModelfileName('Modelfile-notes.txt')).toBe(false);
  });
});
