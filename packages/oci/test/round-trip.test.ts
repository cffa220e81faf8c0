import { createWriteStream, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '@mfc/store';
import {
  ModelPackMediaType,
  importLayout,
  listLayout,
  parseIndex,
  parseManifest,
  planExport,
  readLayoutDir,
  writeLayoutDir,
  writeLayoutTar,
  type ExportFormat,
} from '../src/index.js';
import { filesUnder, openTar, storeWithTiny, tempDir } from './helpers.js';

let t: ReturnType<typeof tempDir>;
let src: Store;
beforeEach(async () => {
  t = tempDir();
  src = await storeWithTiny(join(t.dir, 'a'));
});
afterEach(() => t.cleanup());

async function exportTar(store: Store, names: string[], format: ExportFormat, file: string) {
  const plan = await planExport(store, names, format);
  await writeLayoutTar(plan, createWriteStream(file));
  return plan;
}

const manifestFile = (store: Store, name: string) =>
  store.find(name).then((m) => readFileSync(m.manifestPath));

describe('export and import', () => {
  it('ollama → tar → ollama gives the identical manifest file and blobs', async () => {
    const file = join(t.dir, 'tiny.tar');
    await exportTar(src, ['tiny'], 'ollama', file);
    const dst = await openStore(join(t.dir, 'b'));
    const imported = await importLayout(dst, await openTar(file, dst));
    expect(imported.map((m) => [m.name, m.format])).toEqual([['tiny:latest', 'ollama']]);
    expect((await manifestFile(dst, 'tiny')).equals(await manifestFile(src, 'tiny'))).toBe(true);
    expect(filesUnder(join(t.dir, 'b', 'blobs')).sort()).toEqual(
      filesUnder(join(t.dir, 'a', 'blobs')).sort(),
    );
    expect(filesUnder(join(t.dir, 'b', '.mfc', 'tmp'))).toEqual([]);
  });

  it('ollama → modelpack → ollama gives the original manifest byte for byte', async () => {
    const file = join(t.dir, 'mp.tar');
    await exportTar(src, ['tiny'], 'modelpack', file);
    const dst = await openStore(join(t.dir, 'b'));
    const listed = await listLayout(await openTar(file, dst, true));
    expect(listed[0].format).toBe('modelpack');
    expect(listed[0].layers.map((l) => l.path)).toEqual([
      'model.gguf',
      'template',
      'system',
      'LICENSE',
      'params',
      'messages.json',
      'ollama/config.json',
      'ollama/manifest.json',
    ]);
    expect(filesUnder(join(t.dir, 'b'))).toEqual([]);
    await importLayout(dst, await openTar(file, dst));
    expect((await manifestFile(dst, 'tiny')).equals(await manifestFile(src, 'tiny'))).toBe(true);
  });

  it('writes a ModelPack config that validates against the model-spec schema', async () => {
    const plan = await planExport(src, ['tiny'], 'modelpack');
    const manifest = parseManifest(plan.blobs.get(plan.models[0].descriptor.digest)!.data!);
    expect(manifest.artifactType).toBe(ModelPackMediaType.artifact);
    expect(manifest.config.mediaType).toBe(ModelPackMediaType.config);
    const config = JSON.parse(plan.blobs.get(manifest.config.digest)!.data!.toString('utf8'));
    const schema = JSON.parse(
      readFileSync(join(__dirname, '../fixtures/modelpack-config-schema.json'), 'utf8'),
    );
    const ajv = new Ajv2020({ strict: false });
    (addFormats as unknown as (a: Ajv2020) => void)(ajv);
    const validate = ajv.compile(schema);
    expect(validate(config), JSON.stringify(validate.errors)).toBe(true);
    expect(config.config).toMatchObject({ architecture: 'llama', format: 'gguf' });
    expect(config.modelfs.diffIds).toEqual(manifest.layers.map((l) => l.digest));
    // what the schema has no field for is in layers, not in the config
    expect(validate({ ...config, config: { ...config.config, num_ctx: 1 } })).toBe(false);
  });

  it('ollama → docker → ollama keeps the weights and license and lists what it drops', async () => {
    const plan = await planExport(src, ['tiny'], 'docker');
    expect(plan.models[0].notCarried).toEqual(
      expect.arrayContaining(['template', 'system prompt', 'messages']),
    );
    const file = join(t.dir, 'docker.tar');
    await writeLayoutTar(plan, createWriteStream(file));
    const dst = await openStore(join(t.dir, 'b'));
    const [m] = await importLayout(dst, await openTar(file, dst));
    expect(m.format).toBe('docker');
    const before = (await src.find('tiny')).manifest.layers;
    const after = (await dst.find('tiny')).manifest.layers;
    const pick = (ls: typeof before, type: string) =>
      ls.filter((l) => l.mediaType.endsWith(type)).map((l) => l.digest);
    expect(pick(after, '.model')).toEqual(pick(before, '.model'));
    expect(pick(after, '.license')).toEqual(pick(before, '.license'));
  });

  it('is deterministic: two exports of one model are byte-identical', async () => {
    for (const format of ['ollama', 'modelpack', 'docker'] as const) {
      await exportTar(src, ['tiny'], format, join(t.dir, '1.tar'));
      await exportTar(src, ['tiny'], format, join(t.dir, '2.tar'));
      expect(readFileSync(join(t.dir, '1.tar')).equals(readFileSync(join(t.dir, '2.tar')))).toBe(
        true,
      );
    }
  });

  it('puts several models in one archive with shared blobs once, and imports from a folder', async () => {
    await storeWithTiny(join(t.dir, 'a'), 'other:v2');
    const plan = await planExport(src, ['tiny', 'other:v2'], 'ollama');
    expect(plan.models.map((m) => m.refName)).toEqual(['tiny:latest', 'other:v2']);
    // the same build twice: the same manifest, so one manifest blob and one set of layers
    expect(plan.blobs.size).toBe(8);
    const dir = join(t.dir, 'layout');
    await writeLayoutDir(plan, dir);
    const index = parseIndex(readFileSync(join(dir, 'index.json')));
    expect(index.manifests).toHaveLength(2);
    const dst = await openStore(join(t.dir, 'b'));
    const imported = await importLayout(dst, await readLayoutDir(dir, dst.blobs));
    expect(imported.map((m) => m.name)).toEqual(['tiny:latest', 'other:v2']);
    expect((await manifestFile(dst, 'other:v2')).equals(await manifestFile(src, 'tiny'))).toBe(
      true,
    );
  });

  it('streams a tar from any readable (stdin) and names the model with a tag', async () => {
    const file = join(t.dir, 'tiny.tar');
    await exportTar(src, ['tiny'], 'modelpack', file);
    const dst = await openStore(join(t.dir, 'b'));
    const { readLayoutTar } = await import('../src/index.js');
    const source = await readLayoutTar(Readable.from(readFileSync(file)), '-', dst.blobs);
    const [m] = await importLayout(dst, source, { tag: 'renamed:x' });
    expect(m.name).toBe('renamed:x');
  });
});
