// mfc build -q A,B,C: one conversion of the safetensors folder, one
// llama-quantize run per type, one tag per type; the tags compose with
// `mfc push hf.co/…` (one repo, one file per quantization).
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pushToHf } from '@mfc/apps';
import { openGguf } from '@mfc/gguf';
import { pullFromHub, startTestHub, type TestHub } from '@mfc/hf';
import { Store } from '@mfc/store';
import { writeTinyPeftAdapter } from '../../../scripts/fixtures/index.js';
import { mfc } from './support/mfc.js';

const generated = join(__dirname, '../../../fixtures/generated');

let dir: string;
let hub: TestHub;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mfc-build-quant-'));
  hub = await startTestHub();
});
afterAll(async () => {
  await hub.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('mfc build -q Q4_K_M,Q5_K_M,Q8_0', () => {
  it('converts once, quantizes three times, builds three tags', async () => {
    const models = join(dir, 'models');
    const mf = join(dir, 'Modelfile');
    writeFileSync(
      mf,
      `FROM ${join(generated, 'tiny-llama')}\nTEMPLATE """{{ .Prompt }}"""\nSYSTEM """Be brief."""\nLICENSE """MIT"""\nPARAMETER temperature 0.2\n`,
    );
    const env = { MFC_CACHE_DIR: join(dir, 'cache') };
    const argv = ['build', '-f', mf, '-t', 'me/tiny:1b', '-q', 'Q4_K_M,q5_k_m,Q8_0'];
    const r = await mfc([...argv, '--models', models, '--json'], { env });
    expect(r.code, r.stderr).toBe(0);
    const results = JSON.parse(r.stdout) as {
      name: string;
      layers: { mediaType: string; digest: string }[];
    }[];
    expect(results.map((x) => x.name)).toEqual([
      'me/tiny:1b-q4_K_M',
      'me/tiny:1b-q5_K_M',
      'me/tiny:1b-q8_0',
    ]);
    const events = r.stderr
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { event: string; message?: string; mediaType?: string });
    const said = (re: RegExp) => events.filter((e) => e.event === 'status' && re.test(e.message!));
    // One conversion, three quantizations.
    expect(said(/^converting .* to GGUF$/)).toHaveLength(1);
    expect(said(/^quantizing to /).map((e) => e.message)).toEqual([
      'quantizing to Q4_K_M with llama-quantize',
      'quantizing to Q5_K_M with llama-quantize',
      'quantizing to Q8_0 with llama-quantize',
    ]);

    const store = new Store(models);
    const fileTypes: number[] = [];
    const modelDigests = new Set<string>();
    const shared = new Set<string>();
    for (const x of results) {
      const m = await store.find(x.name);
      const model = m.manifest.layers.filter((l) => l.mediaType.endsWith('.model'));
      expect(model).toHaveLength(1);
      modelDigests.add(model[0].digest);
      fileTypes.push((await openGguf(store.blobs.path(model[0].digest))).fileType ?? -1);
      for (const l of m.manifest.layers) if (!l.mediaType.endsWith('.model')) shared.add(l.digest);
    }
    // MOSTLY_Q4_K_M, MOSTLY_Q5_K_M, MOSTLY_Q8_0.
    expect(fileTypes).toEqual([15, 17, 7]);
    expect(modelDigests.size).toBe(3);
    // template, system, license, params: the same four blobs in every tag, written once.
    expect(shared.size).toBe(4);
    const created = events.filter(
      (e) => e.event === 'layer' && (e as { action?: string }).action === 'created',
    );
    expect(created.filter((e) => e.mediaType!.endsWith('.template'))).toHaveLength(1);

    // Each quantize cache entry is the store's blob itself (same inode), not a second copy.
    const listed = await mfc(['cache', 'list', '--json'], { env });
    expect(listed.code, listed.stderr).toBe(0);
    const cache = JSON.parse(listed.stdout) as {
      unsharedBytes: number;
      entries: { type: string; sharedWithStore: boolean; path: string }[];
    };
    expect(cache.entries.map((e) => e.type).sort()).toEqual(['Q4_K_M', 'Q5_K_M', 'Q8_0']);
    expect(cache.entries.every((e) => e.sharedWithStore)).toBe(true);
    expect(cache.unsharedBytes).toBe(0);
    const blobInodes = new Set(
      [...modelDigests].map((d) => statSync(store.blobs.path(d as `sha256:${string}`)).ino),
    );
    for (const e of cache.entries) expect(blobInodes.has(statSync(e.path).ino)).toBe(true);

    // The tags are what `mfc push hf.co/…` takes: one repo, one GGUF per quantization.
    const pushed = await pushToHf(
      store,
      'hf.co/me/tiny',
      results.map((x) => x.name),
      { env: { HF_ENDPOINT: hub.url, HF_TOKEN: hub.token, HOME: dir } },
    );
    expect(Object.keys(pushed.quants)).toEqual(['Q4_K_M', 'Q5_K_M', 'Q8_0']);
    const settings = { hubUrl: hub.url, accessToken: hub.token, cacheDir: join(dir, 'hf') };
    const q5 = await pullFromHub(
      { repo: 'me/tiny', quant: 'Q5_K_M', revision: 'main' },
      { settings },
    );
    const m5 = await store.find('me/tiny:1b-q5_K_M');
    const blob5 = m5.manifest.layers.find((l) => l.mediaType.endsWith('.model'))!;
    expect(readFileSync(q5.modelPath!).equals(readFileSync(store.blobs.path(blob5.digest)))).toBe(
      true,
    );

    // Without a TAG the type is the tag; a single -q keeps building NAME itself.
    const plain = await mfc(
      ['build', '-f', mf, '-t', 'plain', '-q', 'Q8_0,Q4_K_M', '--models', models],
      { env },
    );
    expect(plain.code, plain.stderr).toBe(0);
    expect(plain.stdout).toMatch(/^built plain:q8_0 \w+ in .*\nbuilt plain:q4_K_M \w+ in /);
    // The second run of the same types is the quantize cache's.
    expect(plain.stderr).toContain('using the cached Q8_0 result');
    const one = await mfc(['build', '-f', mf, '-t', 'one', '-q', 'Q8_0', '--models', models], {
      env,
    });
    expect(one.code, one.stderr).toBe(0);
    expect(one.stdout).toMatch(/^built one:latest /);
    // Removing a model leaves its entry the only copy: counted against MFC_CACHE_MAX, evicted past it.
    expect((await mfc(['rm', 'one', '--models', models])).code).toBe(0);
    const own = JSON.parse((await mfc(['cache', 'list', '--json'], { env })).stdout) as {
      entries: { type: string; sharedWithStore: boolean }[];
    };
    expect(own.entries.filter((e) => !e.sharedWithStore).map((e) => e.type)).toEqual([]);
    expect((await mfc(['rm', 'me/tiny:1b-q8_0', 'plain:q8_0', '--models', models])).code).toBe(0);
    const alone = JSON.parse((await mfc(['cache', 'list', '--json'], { env })).stdout) as {
      entries: { type: string; sharedWithStore: boolean }[];
    };
    expect(alone.entries.filter((e) => !e.sharedWithStore).map((e) => e.type)).toEqual(['Q8_0']);
    const small = await mfc(['build', '-f', mf, '-t', 'small', '-q', 'Q4_0', '--models', models], {
      env: { ...env, MFC_CACHE_MAX: '0' },
    });
    expect(small.code, small.stderr).toBe(0);
    const after = JSON.parse((await mfc(['cache', 'list', '--json'], { env })).stdout) as {
      entries: { type: string; sharedWithStore: boolean }[];
    };
    expect(after.entries.map((e) => e.type).sort()).toEqual(['Q4_0', 'Q4_K_M', 'Q5_K_M']);
    const cleared = await mfc(['cache', 'clear', '--json'], { env });
    expect(JSON.parse(cleared.stdout).removed).toHaveLength(3);
    expect(JSON.parse((await mfc(['cache', 'list', '--json'], { env })).stdout).entries).toEqual(
      [],
    );

    const dup = await mfc(['build', '-f', mf, '-t', 'dup', '-q', 'Q8_0,q8_0', '--models', models]);
    expect(dup.code).toBe(2);
    expect(dup.stderr).toContain('--quantize lists Q8_0 twice');
  });

  it('--merge-adapters and -q take a FROM model of the store (its blob is known)', async () => {
    const models = join(dir, 'models-merge');
    const env = { MFC_CACHE_DIR: join(dir, 'cache') };
    const peft = await writeTinyPeftAdapter(join(dir, 'peft'));
    const write = (name: string, text: string) => {
      writeFileSync(join(dir, name), text);
      return join(dir, name);
    };
    const f16 = join(generated, 'tiny-llama-f16.gguf');
    const base = write('base.Modelfile', `FROM ${f16}\nSYSTEM """Be brief."""\n`);
    expect((await mfc(['build', '-f', base, '-t', 'base', '--models', models], { env })).code).toBe(
      0,
    );
    const layersOf = async (name: string) => {
      const r = await mfc(['build', ...name.split(' '), '--models', models, '--json'], { env });
      expect(r.code, r.stderr).toBe(0);
      return (JSON.parse(r.stdout) as { layers: { mediaType: string; digest: string }[] }).layers;
    };
    const fromStore = write('store.Modelfile', `FROM base\nADAPTER ${peft.dir}\n`);
    const fromFile = write('file.Modelfile', `FROM ${f16}\nADAPTER ${peft.dir}\n`);
    const merged = await layersOf(`-f ${fromStore} -t merged --merge-adapters`);
    const reference = await layersOf(`-f ${fromFile} -t reference --merge-adapters`);
    const model = (ls: { mediaType: string; digest: string }[]) =>
      ls.filter((l) => l.mediaType.endsWith('.model')).map((l) => l.digest);
    // The stored blob merged as the file would be; no adapter layer; the system prompt inherited.
    expect(model(merged)).toEqual(model(reference));
    expect(model(merged)).toHaveLength(1);
    const store = new Store(models);
    const baseModel = model((await store.find('base')).manifest.layers);
    expect(model(merged)).not.toEqual(baseModel);
    const kinds = merged.map((l) => l.mediaType.split('.').pop());
    expect(kinds[0]).toBe('model');
    expect(kinds).toContain('system');
    expect(kinds).not.toContain('adapter');

    // -q from the store model: one tag per type, each quantized from the stored F16 blob.
    const q = await mfc(
      ['build', '-f', write('q.Modelfile', 'FROM base\n'), '-t', 'base:q', '-q', 'Q8_0,Q4_0'],
      { env: { ...env, OLLAMA_MODELS: models } },
    );
    expect(q.code, q.stderr).toBe(0);
    for (const [tag, fileType] of [
      ['base:q-q8_0', 7],
      ['base:q-q4_0', 2],
    ] as const) {
      const m = model((await store.find(tag)).manifest.layers);
      expect((await openGguf(store.blobs.path(m[0] as `sha256:${string}`))).fileType).toBe(
        fileType,
      );
    }
  });
});
