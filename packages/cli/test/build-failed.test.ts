// A build that fails after its checks began leaves no blob behind, and never
// reports `creating new layer` for a blob that does not land.
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MediaType, Store, parseModelName } from '@mfc/store';
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

  it('removes the blobs it wrote when it fails after storing them', async () => {
    // A base model whose params layer is not JSON: the build fails merging parameters, after
    // the DRAFT's blob was written; the blob goes again, the base's blobs stay.
    const models = join(dir, 'models-late');
    const base = join(dir, 'late-base.Modelfile');
    writeFileSync(base, `FROM ${tinyGguf}\nPARAMETER temperature 0.5\n`);
    expect((await mfc(['build', '-f', base, '-t', 'base', '--models', models])).code).toBe(0);
    const store = new Store(models);
    const m = await store.find('base');
    const bad = await store.blobs.writeBytes('{not json');
    const layers = m.manifest.layers.map((l) =>
      l.mediaType === MediaType.params
        ? { mediaType: l.mediaType, digest: bad.digest, size: bad.size }
        : l,
    );
    await store.writeManifest(parseModelName('base'), m.manifest.config, layers);
    await store.prune();
    const before = blobs(models);
    const draft = join(__dirname, '../../../fixtures/generated/tiny-llama-f32.gguf');
    const mf = join(dir, 'late.Modelfile');
    writeFileSync(mf, `FROM base\nDRAFT ${draft}\n`);
    const r = await mfc(['build', '-f', mf, '-t', 'late', '--models', models]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('MODEL_BAD_LAYER');
    expect(blobs(models)).toEqual(before);
  });
});
