import { existsSync, lstatSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { downloadFile, fileDownloadInfo, listFiles, pathsInfo } from '@huggingface/hub';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  hubSettings,
  parseHfReference,
  pullFromHub,
  quantOfFileName,
  startTestHub,
  type HubSettings,
  type TestHub,
} from '../src/index.js';

const bytes = (n: number, seed: number) =>
  Buffer.from(Array.from({ length: n }, (_, i) => (i * 31 + seed) & 0xff));

let hub: TestHub;
let cacheDir: string;
const weights = bytes(200_000, 7);

beforeAll(async () => {
  cacheDir = await mkdtemp(join(tmpdir(), 'mfc-hf-'));
  hub = await startTestHub([
    {
      name: 'acme/tiny-st',
      files: {
        'config.json': '{"architectures":["LlamaForCausalLM"]}',
        'tokenizer_config.json': '{}',
        'model.safetensors': weights,
        'README.md': '# tiny',
        'docs/extra.txt': 'not needed',
      },
    },
    {
      name: 'acme/tiny-gguf',
      files: {
        'tiny.Q4_K_M.gguf': bytes(20_000, 1),
        'tiny.Q8_0.gguf': bytes(30_000, 2),
        'tiny-F16-00001-of-00002.gguf': bytes(15_000, 3),
        'tiny-F16-00002-of-00002.gguf': bytes(15_000, 4),
        'mmproj-tiny-f16.gguf': bytes(12_000, 5),
      },
    },
    { name: 'acme/only-q8', files: { 'model-q8_0.gguf': bytes(12_000, 6) } },
    {
      name: 'acme/mistral-like',
      files: {
        'config.json': '{}',
        'model-00001-of-00002.safetensors': bytes(11_000, 1),
        'model-00002-of-00002.safetensors': bytes(11_000, 2),
        'model.safetensors.index.json': '{"weight_map":{}}',
        'consolidated.safetensors': bytes(22_000, 3),
        'params.json': '{}',
      },
    },
    { name: 'acme/gated', gated: 'manual', files: { 'model.Q4_K_M.gguf': bytes(12_000, 8) } },
    { name: 'acme/secret', private: true, files: { 'model.Q4_K_M.gguf': bytes(12_000, 9) } },
  ]);
});
afterAll(async () => {
  await hub?.close();
  await rm(cacheDir, { recursive: true, force: true });
});

const settings = (token?: string): HubSettings => ({
  hubUrl: hub.url,
  cacheDir,
  accessToken: token,
});

describe('parseHfReference', () => {
  it('parses repo, quant and revision in either order', () => {
    expect(parseHfReference('hf.co/bartowski/Llama-3.2-1B-Instruct-GGUF:q4_k_m')).toMatchObject({
      repo: 'bartowski/Llama-3.2-1B-Instruct-GGUF',
      quant: 'Q4_K_M',
      revision: 'main',
    });
    expect(parseHfReference('huggingface.co/Qwen/Qwen3-0.6B@v1.0')).toMatchObject({
      repo: 'Qwen/Qwen3-0.6B',
      revision: 'v1.0',
    });
    expect(parseHfReference('https://huggingface.co/a/b:Q8_0@abc')).toMatchObject({
      repo: 'a/b',
      quant: 'Q8_0',
      revision: 'abc',
    });
    expect(parseHfReference('hf.co/a/b@dev:Q8_0')).toMatchObject({
      repo: 'a/b',
      quant: 'Q8_0',
      revision: 'dev',
    });
  });
  it('rejects malformed references with a clear error', () => {
    expect(() => parseHfReference('hf.co/justone')).toThrow(/ORG\/REPO/);
    expect(() => parseHfReference('hf.co/a/b/c')).toThrow(/HF_BAD_REFERENCE|ORG\/REPO/);
    expect(() => parseHfReference('example.com/a/b')).toThrow(/hf\.co/);
  });
});

describe('hubSettings', () => {
  it('honours HF_ENDPOINT, HF_TOKEN and the Python cache variables', () => {
    expect(
      hubSettings({ HF_ENDPOINT: 'http://127.0.0.1:9/', HF_TOKEN: 'hf_x', HF_HOME: '/h' }),
    ).toEqual({
      hubUrl: 'http://127.0.0.1:9',
      accessToken: 'hf_x',
      cacheDir: '/h/hub',
    });
    expect(hubSettings({ HF_HUB_CACHE: '/c', HF_HOME: '/nonexistent' }).cacheDir).toBe('/c');
    expect(hubSettings({ XDG_CACHE_HOME: '/x', HF_HOME: '' }).cacheDir).toBe('/x/huggingface/hub');
  });
});

describe('the test Hub speaks the API @huggingface/hub expects', () => {
  it('serves tree, paths-info and resolve with Range', async () => {
    const repo = { type: 'model' as const, name: 'acme/tiny-st' };
    const all = [];
    for await (const f of listFiles({ repo, hubUrl: hub.url, recursive: true })) all.push(f.path);
    expect(all).toContain('docs/extra.txt');
    const info = await pathsInfo({
      repo,
      hubUrl: hub.url,
      paths: ['model.safetensors', 'missing'],
    });
    expect(info).toHaveLength(1);
    expect(info[0].lfs?.size).toBe(weights.length);
    const dl = await fileDownloadInfo({ repo, hubUrl: hub.url, path: 'model.safetensors' });
    expect(dl?.size).toBe(weights.length);
    expect(dl?.etag).toBe(`"${info[0].lfs!.oid}"`);
    expect(await fileDownloadInfo({ repo, hubUrl: hub.url, path: 'nope.bin' })).toBeNull();
    const blob = await downloadFile({
      repo,
      hubUrl: hub.url,
      path: 'model.safetensors',
      xet: false,
    });
    const slice = Buffer.from(await blob!.slice(1000, 1010).arrayBuffer());
    expect(slice.equals(weights.subarray(1000, 1010))).toBe(true);
  });
});

describe('pullFromHub', () => {
  it('fetches a safetensors repo into the Python cache layout', async () => {
    const r = await pullFromHub(
      { repo: 'acme/tiny-st', revision: 'main' },
      { settings: settings() },
    );
    expect(r.kind).toBe('safetensors');
    expect(r.files.map((f) => f.path).sort()).toEqual([
      'config.json',
      'model.safetensors',
      'tokenizer_config.json',
    ]);
    const root = join(cacheDir, 'models--acme--tiny-st');
    expect(readFileSync(join(root, 'refs', 'main'), 'utf8')).toBe(r.commit);
    const link = join(root, 'snapshots', r.commit, 'model.safetensors');
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readlinkSync(link)).toMatch(/^\.\.\/\.\.\/blobs\/[0-9a-f]{64}$/);
    expect(readFileSync(link).equals(weights)).toBe(true);
    expect(r.snapshotDir).toBe(join(root, 'snapshots', r.commit));
  });

  it('takes the transformers shards, not the duplicate consolidated.safetensors', async () => {
    const r = await pullFromHub(
      { repo: 'acme/mistral-like', revision: 'main' },
      { settings: settings(), dryRun: true },
    );
    expect(r.files.map((f) => f.path).sort()).toEqual([
      'config.json',
      'model-00001-of-00002.safetensors',
      'model-00002-of-00002.safetensors',
      'model.safetensors.index.json',
    ]);
  });

  it('uses the cached snapshot when the Hub is unreachable or HF_HUB_OFFLINE is set', async () => {
    await pullFromHub({ repo: 'acme/tiny-st', revision: 'main' }, { settings: settings() });
    const away = { hubUrl: 'http://127.0.0.1:9', cacheDir };
    const r = await pullFromHub({ repo: 'acme/tiny-st', revision: 'main' }, { settings: away });
    expect(r.offline).toBe(true);
    expect(readFileSync(join(r.snapshotDir, 'model.safetensors')).equals(weights)).toBe(true);
    const off = await pullFromHub(
      { repo: 'acme/tiny-st', revision: 'main' },
      { settings: { ...settings(), offline: true } },
    );
    expect(off.commit).toBe(r.commit);
    await expect(
      pullFromHub({ repo: 'acme/never-pulled', revision: 'main' }, { settings: away }),
    ).rejects.toMatchObject({ code: 'HF_NETWORK' });
    expect(hubSettings({ HF_HUB_OFFLINE: '1' }).offline).toBe(true);
  });

  it('resumes an interrupted download with a Range request', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mfc-hf-resume-'));
    const s = { ...settings(), cacheDir: dir };
    hub.interruptNext('acme/tiny-st', 'model.safetensors', 65_536);
    await expect(
      pullFromHub({ repo: 'acme/tiny-st', revision: 'main' }, { settings: s }),
    ).rejects.toMatchObject({
      code: 'HF_DOWNLOAD_INTERRUPTED',
    });
    const blobs = join(dir, 'models--acme--tiny-st', 'blobs');
    const partial = readFileSync(join(blobs, `${readdir1(blobs, '.incomplete')}`));
    expect(partial.length).toBe(65_536);
    const before = hub.requests.length;
    const seen: number[] = [];
    const r = await pullFromHub(
      { repo: 'acme/tiny-st', revision: 'main' },
      {
        settings: s,
        onProgress: (p) => p.path === 'model.safetensors' && seen.push(p.resumedFrom),
      },
    );
    const ranged = hub.requests.slice(before).filter((q) => q.url.endsWith('/model.safetensors'));
    expect(ranged.map((q) => q.range)).toEqual(['bytes=65536-']);
    expect(seen[0]).toBe(65_536);
    expect(readFileSync(join(r.snapshotDir, 'model.safetensors')).equals(weights)).toBe(true);
    await rm(dir, { recursive: true, force: true });
  });

  it('does not download again what is cached, and --dry-run fetches nothing', async () => {
    const dry = await pullFromHub(
      { repo: 'acme/tiny-gguf', revision: 'main' },
      { settings: settings(), dryRun: true },
    );
    expect(dry.bytesToFetch).toBe(20_000 + 12_000);
    expect(existsSync(dry.modelPath!)).toBe(false);
    const again = await pullFromHub(
      { repo: 'acme/tiny-st', revision: 'main' },
      { settings: settings(), dryRun: true },
    );
    expect(again.bytesToFetch).toBe(0);
  });

  it('chooses the GGUF quantization: Q4_K_M by default, split sets, projector', async () => {
    const def = await pullFromHub(
      { repo: 'acme/tiny-gguf', revision: 'main' },
      { settings: settings() },
    );
    expect(def.quant).toBe('Q4_K_M');
    expect(def.modelPath!.endsWith('tiny.Q4_K_M.gguf')).toBe(true);
    expect(def.projectorPath!.endsWith('mmproj-tiny-f16.gguf')).toBe(true);
    const split = await pullFromHub(
      { repo: 'acme/tiny-gguf', revision: 'main', quant: 'F16' },
      { settings: settings(), dryRun: true },
    );
    expect(split.modelParts!.map((p) => p.split('/').pop())).toEqual([
      'tiny-F16-00001-of-00002.gguf',
      'tiny-F16-00002-of-00002.gguf',
    ]);
    const only = await pullFromHub(
      { repo: 'acme/only-q8', revision: 'main' },
      { settings: settings(), dryRun: true },
    );
    expect(only.quant).toBe('Q8_0');
    await expect(
      pullFromHub(
        { repo: 'acme/tiny-gguf', revision: 'main', quant: 'Q2_K' },
        { settings: settings(), dryRun: true },
      ),
    ).rejects.toThrow(/no Q2_K GGUF file; available: .*Q4_K_M.*Q8_0/);
    expect(quantOfFileName('Llama-3.2-1B-Instruct-IQ4_XS.gguf')).toBe('IQ4_XS');
    expect(quantOfFileName('model-00001-of-00003.Q5_K_M.gguf')).toBe('Q5_K_M');
  });

  it('gives clear errors for missing, private and gated repos', async () => {
    await expect(
      pullFromHub({ repo: 'acme/nope', revision: 'main' }, { settings: settings() }),
    ).rejects.toMatchObject({
      code: 'HF_REPO_NOT_FOUND',
    });
    await expect(
      pullFromHub({ repo: 'acme/secret', revision: 'main' }, { settings: settings() }),
    ).rejects.toMatchObject({
      code: 'HF_REPO_NOT_FOUND',
    });
    await expect(
      pullFromHub({ repo: 'acme/tiny-st', revision: 'nobranch' }, { settings: settings() }),
    ).rejects.toMatchObject({
      code: 'HF_REVISION_NOT_FOUND',
    });
    await expect(
      pullFromHub({ repo: 'acme/gated', revision: 'main' }, { settings: settings() }),
    ).rejects.toMatchObject({
      code: 'HF_GATED',
    });
    const ok = await pullFromHub(
      { repo: 'acme/gated', revision: 'main' },
      { settings: settings(hub.token) },
    );
    expect(existsSync(ok.modelPath!)).toBe(true);
    const priv = await pullFromHub(
      { repo: 'acme/secret', revision: 'main' },
      { settings: settings(hub.token) },
    );
    expect(priv.quant).toBe('Q4_K_M');
    expect(hub.requests.some((q) => q.authorization === `Bearer ${hub.token}`)).toBe(true);
    await expect(
      pullFromHub({ repo: 'acme/tiny-st', revision: 'main' }, { settings: settings('not-hf') }),
    ).rejects.toMatchObject({
      code: 'HF_BAD_TOKEN',
    });
  });
});

function readdir1(dir: string, suffix: string): string {
  const names = readdirSync(dir);
  const found = names.find((n) => n.endsWith(suffix));
  if (!found) throw new Error(`no ${suffix} file in ${dir}: ${names.join(', ')}`);
  return found;
}
