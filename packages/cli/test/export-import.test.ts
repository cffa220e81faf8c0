import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildModel } from '@mfc/builder';
import { mfc as run } from './support/mfc.js';

const repoRoot = resolve(__dirname, '../../..');

const mfc = (args: string[]) => run(args, { env: { NO_COLOR: '1' } });

let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mfc-cli-export-'));
  await buildModel({
    modelsDir: join(dir, 'a'),
    name: 'tiny',
    modelfile: join(repoRoot, 'fixtures/build/tiny/Modelfile'),
  });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('mfc export / mfc import in process', () => {
  it.each([
    [['export', 'tiny', '--models', 'x'], 'exactly one of -o FILE and --dir DIR'],
    [['export', '-o', 'x.tar'], 'expected a model name'],
    [['export', 'tiny', '-o', 'x.tar', '--format', 'zip'], "unknown format 'zip'"],
    [['import'], 'expected one archive'],
  ])('%j is a usage error (exit 2)', async (args, message) => {
    const r = await mfc(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
  });

  it('exports, lists and imports with --json, and names what docker cannot carry', async () => {
    const file = join(dir, 'tiny.tar');
    const e = await mfc([
      'export',
      'tiny',
      '-o',
      file,
      '--format',
      'docker',
      '--models',
      join(dir, 'a'),
      '--json',
    ]);
    expect(e.code).toBe(0);
    expect(JSON.parse(e.stdout)).toMatchObject({
      format: 'docker',
      models: [{ name: 'tiny:latest' }],
    });
    expect(e.stderr).toContain(
      'tiny:latest: not carried by the docker format: template, system prompt',
    );
    const l = await mfc(['import', '--list', file, '--models', join(dir, 'b')]);
    expect(l.stdout).toMatch(/^tiny:latest\tdocker\t19\.\d MB\t2 layers\tsha256:[0-9a-f]{64}\n$/);
    const i = await mfc(['import', file, '-t', 'again', '--models', join(dir, 'b')]);
    expect(i).toMatchObject({ code: 0, stdout: 'imported again:latest (docker)\n' });
  });

  it('a missing model and an archive that is not a tar fail with exit 1 and a one-line message', async () => {
    const r = await mfc(['export', 'nope', '-o', join(dir, 'n.tar'), '--models', join(dir, 'a')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("model 'nope:latest' not found");
    const notTar = join(repoRoot, 'fixtures/build/tiny/Modelfile');
    const b = await mfc(['import', notTar, '--models', join(dir, 'c')]);
    expect(b.code).toBe(1);
    expect(b.stderr).toContain(notTar);
    expect(readFileSync(notTar, 'utf8')).toContain('FROM');
  });
});
