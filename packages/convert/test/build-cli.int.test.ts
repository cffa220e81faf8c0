// `mfc build` from Hugging Face sources: a local safetensors folder and
// hf.co/… references served by the local test Hub, through the real CLI.
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { openGguf } from '@mfc/gguf';
import { startTestHub, type TestHub } from '@mfc/hf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureFixtures, type Fixtures } from '../../../scripts/fixtures/index.js';
import { writeTinyHfModel, type TinyArch } from './support/tiny-hf.js';

const run = promisify(execFile);
const MFC = join(import.meta.dirname, '..', '..', 'cli', 'bin', 'mfc.js');

let fixtures: Fixtures;
let tmp: string;
let hub: TestHub;
beforeAll(async () => {
  fixtures = await ensureFixtures();
  tmp = await mkdtemp(join(tmpdir(), 'mfc-build-hf-'));
  const gemma = await writeTinyHfModel(join(tmp, 'hub-gemma2'), 'gemma2', fixtures.tinyLlama.hfDir);
  const files: Record<string, { diskPath: string }> = {};
  for (const n of readdirSync(gemma.dir)) files[n] = { diskPath: join(gemma.dir, n) };
  hub = await startTestHub([
    { name: 'acme/tiny-gemma2', files },
    {
      name: 'acme/tiny-llama-GGUF',
      files: { 'tiny-llama.F16.gguf': { diskPath: fixtures.tinyLlama.f16 } },
    },
  ]);
});
afterAll(async () => {
  await hub?.close();
  await rm(tmp, { recursive: true, force: true });
});

async function mfcBuild(dir: string, from: string, name: string, extra: string[] = []) {
  await writeFile(join(dir, 'Modelfile'), `FROM ${from}\nPARAMETER temperature 0\n`);
  const env = { ...process.env, HF_ENDPOINT: hub.url, HF_HOME: join(tmp, 'hf-home'), HF_TOKEN: '' };
  try {
    const r = await run(
      process.execPath,
      [
        MFC,
        'build',
        '-f',
        join(dir, 'Modelfile'),
        '-t',
        name,
        '--models',
        join(tmp, 'models'),
        ...extra,
      ],
      { env, cwd: dir },
    );
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** The model layer's GGUF of a built model. */
async function builtModel(name: string) {
  const manifest = JSON.parse(
    readFileSync(
      join(tmp, 'models', 'manifests', 'registry.ollama.ai', 'library', name, 'latest'),
      'utf8',
    ),
  );
  const layer = manifest.layers.find(
    (l: { mediaType: string }) => l.mediaType === 'application/vnd.ollama.image.model',
  );
  return openGguf(join(tmp, 'models', 'blobs', layer.digest.replace(':', '-')));
}

const ARCHS: [TinyArch, string][] = [
  ['llama', 'llama'],
  ['llama3', 'llama'],
  ['mistral', 'llama'],
  ['mixtral', 'llama'],
  ['qwen2', 'qwen2'],
  ['qwen3', 'qwen3'],
  ['gemma', 'gemma'],
  ['gemma2', 'gemma2'],
  ['gemma3', 'gemma3'],
  ['phi3', 'phi3'],
];

describe('mfc build FROM a Hugging Face folder', () => {
  it.each(ARCHS)('builds a tiny %s model', async (arch, gguf) => {
    const dir = join(tmp, 'src', arch);
    await writeTinyHfModel(join(dir, 'weights'), arch, fixtures.tinyLlama.hfDir);
    const r = await mfcBuild(dir, './weights', `tiny-${arch}`);
    expect(r.code, r.stderr).toBe(0);
    const g = await builtModel(`tiny-${arch}`);
    expect(g.metadata.get('general.architecture')?.value).toBe(gguf);
    expect(g.metadata.get(`${gguf}.block_count`)?.value).toBe(2);
  });
});

describe('mfc build FROM hf.co/…', () => {
  it('downloads and converts a safetensors repository', async () => {
    const dir = join(tmp, 'src', 'hub-gemma2-build');
    await mkdir(dir, { recursive: true });
    const r = await mfcBuild(dir, 'hf.co/acme/tiny-gemma2', 'hub-gemma2');
    expect(r.code, r.stderr).toBe(0);
    const g = await builtModel('hub-gemma2');
    expect(g.metadata.get('general.architecture')?.value).toBe('gemma2');
    expect(
      existsSync(join(tmp, 'hf-home', 'hub', 'models--acme--tiny-gemma2', 'refs', 'main')),
    ).toBe(true);
  });

  it('reports download and conversion progress', async () => {
    const dir = join(tmp, 'src', 'hub-gemma2-progress');
    await mkdir(dir, { recursive: true });
    const r = await mfcBuild(dir, 'hf.co/acme/tiny-gemma2', 'hub-gemma2-progress', ['--json']);
    expect(r.code, r.stderr).toBe(0);
    const events = r.stderr
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map(
        (l) => JSON.parse(l) as { event: string; label?: string; done?: number; total?: number },
      );
    const ended = (label: string) =>
      events.find((e) => e.event === 'end' && e.label === label) as
        { done: number; total: number } | undefined;
    // The first test of this block may have filled the HF cache: a cached file still reports its end.
    const weights = ended('downloading model.safetensors');
    expect(weights, r.stderr).toBeDefined();
    expect(weights!.done).toBe(weights!.total);
    const converted = ended('converting hf.co/acme/tiny-gemma2');
    expect(converted, r.stderr).toBeDefined();
    expect(converted!.total).toBeGreaterThan(0);
    expect(converted!.done).toBe(converted!.total);
  });

  it('takes a GGUF repository’s file as it is', async () => {
    const dir = join(tmp, 'src', 'hub-gguf-build');
    await mkdir(dir, { recursive: true });
    const r = await mfcBuild(dir, 'hf.co/acme/tiny-llama-GGUF:F16', 'hub-gguf');
    expect(r.code, r.stderr).toBe(0);
    const g = await builtModel('hub-gguf');
    expect(g.metadata.get('general.architecture')?.value).toBe('llama');
    expect(g.fileSize).toBe(readFileSync(fixtures.tinyLlama.f16).length);
  });

  it('fails clearly for a missing repository', async () => {
    const dir = join(tmp, 'src', 'missing');
    await mkdir(dir, { recursive: true });
    const r = await mfcBuild(dir, 'hf.co/acme/missing', 'missing');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('HF_REPO_NOT_FOUND');
    expect(r.stderr).toContain(`${join(dir, 'Modelfile')}:1:1: error`); // the FROM line that named it
  });
});
