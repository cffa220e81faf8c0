// A build that fails after its checks began leaves no blob behind, and never
// reports `creating new layer` for a blob that does not land.
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mfc } from './support/mfc.js';

const tinyGguf = join(__dirname, '../../../fixtures/generated/tiny-llama-f16.gguf');

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'mfc-build-failed-'));
  writeFileSync(join(dir, 'notes.txt'), 'not a GGUF file\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const blobs = (models: string) =>
  existsSync(join(models, 'blobs')) ? readdirSync(join(models, 'blobs')).sort() : [];

describe('a failed build', () => {
  for (const [what, line] of [
    ['a bad ADAPTER', 'ADAPTER ./notes.txt'],
    ['a bad DRAFT', 'DRAFT ./notes.txt'],
  ]) {
    it(`with ${what} after the model: no blob, no "creating new layer"`, async () => {
      const models = join(dir, `models-${what.replace(/\W/g, '')}`);
      const mf = join(dir, `${what.replace(/\W/g, '')}.Modelfile`);
      writeFileSync(mf, `FROM ${tinyGguf}\n${line}\nSYSTEM """Be brief."""\n`);
      const r = await mfc(['build', '-f', mf, '-t', 'bad', '--models', models]);
      expect(r.code, r.stderr).toBe(1);
      expect(r.stderr).toContain('notes.txt');
      expect(r.stderr).not.toContain('creating new layer');
      expect(blobs(models)).toEqual([]);
      expect((await mfc(['show', 'bad', '--models', models])).code).toBe(1);
    });
  }

  it('keeps the blobs another model references', async () => {
    const models = join(dir, 'models-shared');
    const good = join(dir, 'good.Modelfile');
    writeFileSync(good, `FROM ${tinyGguf}\nSYSTEM """Be brief."""\n`);
    expect((await mfc(['build', '-f', good, '-t', 'good', '--models', models])).code).toBe(0);
    const before = blobs(models);
    const bad = join(dir, 'bad.Modelfile');
    writeFileSync(bad, `FROM ${tinyGguf}\nSYSTEM """Other."""\nADAPTER ./notes.txt\n`);
    const r = await mfc(['build', '-f', bad, '-t', 'bad', '--models', models, '--json']);
    expect(r.code).toBe(1);
    expect(blobs(models)).toEqual(before);
    const show = await mfc(['show', 'good', '--models', models]);
    expect(show.code, show.stderr).toBe(0);
  });
});
