// `mfc pull hf.co/USER/REPO[:QUANT]` into the store against the loopback Hub:
// the stored model's layers carry the repo's template/system/params/license
// files (or the template chosen for the GGUF's chat template), the quant pick,
// the model blob is a hard link to the Hugging Face cache's blob (a copy
// across file systems), a failed pull leaves no manifest, and a round trip
// `mfc push hf.co/…` → `mfc pull hf.co/…:QUANT` gives back the same model.
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { spawn } from 'node:child_process';
import { createServer, request, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildModel } from '@mfc/builder';
import { memoryTerminal } from '../../registry/test/harness.js';
import { startTestHub, type TestHub } from '@mfc/hf';
import { MediaType, openStore, type Layer } from '@mfc/store';
import { main } from '../src/main.js';

const generated = join(__dirname, '../../../fixtures/generated');
const f16 = join(generated, 'tiny-llama-f16.gguf');
const f32 = join(generated, 'tiny-llama-f32.gguf');
const sha256 = (path: string) =>
  `sha256:${createHash('sha256').update(readFileSync(path)).digest('hex')}`;

const template = `{{- if .System }}<<SYS>>{{ .System }}<</SYS>>{{ end }}{{- range .Messages }}<|{{ .Role }}|>{{ .Content }}</s>{{ end }}<|assistant|>`;
const system = 'You answer in one word.';
const license = 'Tiny License\n\nDo what you like.\n';

let hub: TestHub;
let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mfc-pull-hf-store-'));
  hub = await startTestHub([
    {
      name: 'acme/custom',
      files: {
        'tiny.Q4_K_M.gguf': { diskPath: f16 },
        'tiny.Q8_0.gguf': { diskPath: f32 },
        template,
        system,
        params: JSON.stringify({ temperature: 0.3, stop: ['</s>', '<|user|>'], num_ctx: 256 }),
        LICENSE: license,
        'README.md': '# tiny\n',
      },
    },
    { name: 'acme/plain', files: { 'plain-Q4_K_M.gguf': { diskPath: f16 } } },
    { name: 'acme/flaky', files: { 'flaky.Q4_K_M.gguf': { diskPath: f32 } } },
    { name: 'acme/broken', files: { 'broken.Q4_K_M.gguf': Buffer.alloc(30_000, 7) } },
    {
      name: 'acme/odd-params',
      files: {
        'odd.Q4_K_M.gguf': { diskPath: f16 },
        params: JSON.stringify({ top_k: 7, not_a_parameter: 1, temperature: 'hot', mirostat: 1 }),
      },
    },
    {
      name: 'acme/weights',
      files: Object.fromEntries(
        readdirSync(join(generated, 'tiny-llama')).map((f) => [
          f,
          { diskPath: join(generated, 'tiny-llama', f) },
        ]),
      ),
    },
  ]);
});
afterAll(async () => {
  await hub?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Runs `mfc ARGS` in process with the loopback Hub and its own store and cache. */
async function mfc(
  args: string[],
  where: { models: string; cache: string },
  token = '',
  extraEnv: Record<string, string> = {},
) {
  const t = memoryTerminal();
  const env = {
    ...process.env,
    HF_ENDPOINT: hub.url,
    HF_TOKEN: token,
    HF_HUB_CACHE: where.cache,
    OLLAMA_MODELS: where.models,
    HOME: dir,
    ...extraEnv,
  };
  const code = await main(args, env, t, dir);
  return { code, out: t.outText(), err: t.errText() };
}

function place(name: string) {
  return { models: join(dir, name, 'models'), cache: join(dir, name, 'hf-cache') };
}

async function layersOf(models: string, name: string) {
  const store = await openStore(models);
  const m = await store.find(name);
  const text = async (mt: string) => {
    const l = m.manifest.layers.find((x) => x.mediaType === mt);
    return l ? store.readBlobText(l.digest) : undefined;
  };
  return { store, manifest: m.manifest, text, manifestPath: m.manifestPath };
}

describe('mfc pull hf.co/… into the store', () => {
  it('stores the default quant with the repo’s template, system, params and license, hard-linked', async () => {
    const w = place('custom');
    const r = await mfc(['pull', 'hf.co/acme/custom', '--json'], w);
    expect(r.code, r.err).toBe(0);
    const result = JSON.parse(r.out);
    expect(result.quant).toBe('Q4_K_M');
    expect(result.modelName).toBe('hf.co/acme/custom:latest');
    expect(result.model).toMatchObject({
      name: 'hf.co/acme/custom:latest',
      storage: 'hardlink',
      template: { source: 'repo' },
      fromRepo: { template: true, system: true, params: true, license: true },
    });
    // Ollama's path for it: manifests/hf.co/acme/custom/latest.
    expect(result.model.manifestPath).toBe(
      join(w.models, 'manifests', 'hf.co', 'acme', 'custom', 'latest'),
    );

    const { manifest, text, store } = await layersOf(w.models, 'hf.co/acme/custom');
    expect(manifest.layers.map((l: Layer) => l.mediaType)).toEqual([
      MediaType.model,
      MediaType.template,
      MediaType.system,
      MediaType.license,
      MediaType.params,
    ]);
    const model = manifest.layers[0];
    expect(model.digest).toBe(sha256(f16));
    expect(await text(MediaType.template)).toBe(template);
    expect(await text(MediaType.system)).toBe(system);
    expect(await text(MediaType.license)).toBe(license);
    expect(JSON.parse((await text(MediaType.params))!)).toEqual({
      num_ctx: 256,
      stop: ['</s>', '<|user|>'],
      temperature: 0.3,
    });

    // No second copy: the store's blob and the cache's blob are one inode.
    const blob = statSync(store.blobs.path(model.digest));
    const cached = statSync(join(w.cache, 'models--acme--custom', 'blobs', model.digest.slice(7)));
    expect(blob.ino).toBe(cached.ino);
    expect(blob.dev).toBe(cached.dev);
    expect(blob.nlink).toBe(2);
    expect(result.model.cachePath).toBe(
      join(w.cache, 'models--acme--custom', 'blobs', model.digest.slice(7)),
    );

    // mfc show reads it back.
    const shown = await mfc(['show', 'hf.co/acme/custom', '--template'], w);
    expect(shown.code, shown.err).toBe(0);
    expect(shown.out).toBe(template + '\n');
    const shownSystem = await mfc(['show', 'hf.co/acme/custom:latest', '--system'], w);
    expect(shownSystem.out).toBe(system + '\n');

    // mfc rm unlinks the store's name only: the cache keeps its file.
    const rm = await mfc(['rm', 'hf.co/acme/custom'], w);
    expect(rm.code, rm.err).toBe(0);
    expect(existsSync(store.blobs.path(model.digest))).toBe(false);
    const after = statSync(result.model.cachePath);
    expect(after.nlink).toBe(1);
    expect(sha256(result.model.cachePath)).toBe(model.digest);
  });

  it('picks the quant case-insensitively and names the model with the tag as written', async () => {
    const w = place('quant');
    const r = await mfc(['pull', 'hf.co/acme/custom:q8_0'], w);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('GGUF Q8_0 from hf.co/acme/custom');
    expect(r.out).toContain('pulled hf.co/acme/custom:q8_0');
    expect(r.out).toContain('hard link to the Hugging Face cache');
    const { manifest, manifestPath } = await layersOf(w.models, 'hf.co/acme/custom:Q8_0');
    expect(manifestPath).toBe(join(w.models, 'manifests', 'hf.co', 'acme', 'custom', 'q8_0'));
    expect(manifest.layers[0].digest).toBe(sha256(f32));
    // `:<file name>.gguf` as Ollama takes it, case-insensitively: the same blob again.
    const byFile = await mfc(['pull', 'hf.co/acme/custom:tiny.q8_0.gguf', '--json'], w);
    expect(byFile.code, byFile.err).toBe(0);
    const r2 = JSON.parse(byFile.out);
    expect(r2).toMatchObject({ quant: 'Q8_0', modelName: 'hf.co/acme/custom:tiny.q8_0.gguf' });
    expect(r2.model.layers[0].digest).toBe(sha256(f32));
    expect(r2.model.storage).toBe('hardlink');
    const noFile = await mfc(['pull', 'hf.co/acme/custom:other.gguf'], w);
    expect(noFile.code).toBe(1);
    expect(noFile.err).toMatch(/no GGUF file named/);
    const missing = await mfc(['pull', 'hf.co/acme/custom:Q5_K_M'], w);
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/no Q5_K_M GGUF file; available: Q4_K_M, Q8_0/);
  });

  it('without a template file, uses the template the builder picks for the GGUF’s chat template', async () => {
    const w = place('plain');
    const r = await mfc(['pull', 'hf.co/acme/plain:Q4_K_M', '--json'], w);
    expect(r.code, r.err).toBe(0);
    const result = JSON.parse(r.out);
    expect(result.model.template.source).toBe('autodetected');
    expect(result.model.fromRepo).toEqual({
      template: false,
      system: false,
      params: false,
      license: false,
    });
    // The same layers as `mfc build` of FROM <the GGUF> with nothing else.
    const ref = join(dir, 'plain', 'ref-models');
    const built = await buildModel({
      modelsDir: ref,
      name: 'ref',
      commands: [{ name: 'model', args: f16 }],
    });
    expect(built.template).toEqual({ source: 'autodetected', name: result.model.template.name });
    const { manifest } = await layersOf(w.models, 'hf.co/acme/plain:Q4_K_M');
    expect(manifest.layers).toEqual(built.layers);
    expect(manifest.config.digest).toBe(built.config.digest);
  });

  it('copies across file systems and says so', async () => {
    if (!existsSync('/dev/shm') || statSync('/dev/shm').dev === statSync(dir).dev) return;
    const shm = mkdtempSync('/dev/shm/mfc-hf-cache-');
    try {
      const w = { models: join(dir, 'xdev', 'models'), cache: shm };
      const r = await mfc(['pull', 'hf.co/acme/plain', '--json'], w);
      expect(r.code, r.err).toBe(0);
      const result = JSON.parse(r.out);
      expect(result.model.storage).toBe('copy');
      expect(result.model.copyReason).toMatch(/different file systems/);
      expect(statSync(result.model.blobPath).nlink).toBe(1);
      expect(sha256(result.model.blobPath)).toBe(sha256(f16));
      const text = await mfc(['pull', 'hf.co/acme/plain'], w);
      expect(text.out).toContain('copied, not linked: the Hugging Face cache and the models');
    } finally {
      rmSync(shm, { recursive: true, force: true });
    }
  });

  it('--dry-run only lists; a failed pull leaves no manifest, and the next one resumes', async () => {
    const w = place('flaky');
    const dry = await mfc(['pull', 'hf.co/acme/flaky', '--dry-run'], w);
    expect(dry.code, dry.err).toBe(0);
    expect(dry.out).toContain('would store it as hf.co/acme/flaky:latest');
    expect(existsSync(w.models)).toBe(false);
    expect(existsSync(join(w.cache, 'models--acme--flaky', 'blobs'))).toBe(false);

    hub.interruptNext('acme/flaky', 'flaky.Q4_K_M.gguf', 20_000);
    const failed = await mfc(['pull', 'hf.co/acme/flaky'], w);
    expect(failed.code).toBe(1);
    expect(failed.err).toMatch(/stopped at byte/);
    expect(existsSync(join(w.models, 'manifests', 'hf.co'))).toBe(false);
    expect(await (await openStore(w.models)).names()).toEqual([]);

    const again = await mfc(['pull', 'hf.co/acme/flaky', '--json'], w);
    expect(again.code, again.err).toBe(0);
    const result = JSON.parse(again.out);
    expect(result.model.storage).toBe('hardlink');
    expect(sha256(result.model.blobPath)).toBe(sha256(f32));

    // Offline, the cached snapshot is enough to store it again (here: into a second store).
    const offline = await mfc(
      ['pull', 'hf.co/acme/flaky', '--json'],
      {
        ...w,
        models: join(dir, 'flaky', 'models-2'),
      },
      '',
      { HF_HUB_OFFLINE: '1' },
    );
    expect(offline.code, offline.err).toBe(0);
    expect(JSON.parse(offline.out)).toMatchObject({
      offline: true,
      model: { storage: 'hardlink', layers: result.model.layers },
    });
  });
});

describe('repos that do not make a model as they are', () => {
  it('a file that is not a GGUF fails the build: no manifest, the download stays cached', async () => {
    const w = place('broken');
    const r = await mfc(['pull', 'hf.co/acme/broken'], w);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/GGUF/);
    expect(existsSync(join(w.models, 'manifests', 'hf.co'))).toBe(false);
    expect(await (await openStore(w.models)).names()).toEqual([]);
    const cached = readdirSync(join(w.cache, 'models--acme--broken', 'blobs'));
    expect(cached).toHaveLength(1);
  });

  it('params a Modelfile cannot hold are skipped with a warning, the rest kept', async () => {
    const w = place('odd');
    const r = await mfc(['pull', 'hf.co/acme/odd-params'], w);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toMatch(/warning: params: not_a_parameter .*ignored/);
    expect(r.err).toMatch(/warning: params: temperature "hot".*ignored/);
    // A deprecated parameter is skipped too, with the builder's words for it.
    expect(r.err).toContain('params: mirostat: parameter mirostat is deprecated; ignored');
    const { text } = await layersOf(w.models, 'hf.co/acme/odd-params');
    expect(JSON.parse((await text(MediaType.params))!)).toMatchObject({ top_k: 7 });
    expect(JSON.parse((await text(MediaType.params))!)).not.toHaveProperty('temperature');
  });
});

/**
 * A proxy in front of the Hub that, while `slow` is set, sends file bytes
 * (`/resolve/`) 16 KB at a time every 20 ms: slow enough to kill a pull halfway.
 */
async function throttlingProxy(target: string) {
  const state = { slow: true };
  const server: Server = createServer((req, res) => {
    const up = request(
      `${target}${req.url}`,
      { method: req.method, headers: { ...req.headers, host: new URL(target).host } },
      async (upRes) => {
        res.writeHead(upRes.statusCode ?? 502, upRes.headers);
        if (!state.slow || !req.url?.includes('/resolve/')) return void upRes.pipe(res);
        for await (const chunk of upRes as AsyncIterable<Buffer>) {
          for (let i = 0; i < chunk.length; i += 16_384) {
            if (!res.write(chunk.subarray(i, i + 16_384)))
              await new Promise((r) => res.once('drain', r));
            if (state.slow) await sleep(20);
          }
        }
        res.end();
      },
    );
    up.on('error', () => res.destroy());
    req.pipe(up);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  return { url, state, close: () => new Promise((r) => server.close(r)) };
}

describe('a pull killed with SIGKILL', () => {
  it('leaves no manifest; the next pull resumes and stores the model', async () => {
    const w = place('killed');
    const proxy = await throttlingProxy(hub.url);
    try {
      const child = spawn(
        process.execPath,
        [join(__dirname, '../bin/mfc.js'), 'pull', 'hf.co/acme/flaky'],
        {
          env: {
            ...process.env,
            HF_ENDPOINT: proxy.url,
            HF_TOKEN: '',
            HF_HUB_CACHE: w.cache,
            OLLAMA_MODELS: w.models,
          },
          stdio: 'ignore',
        },
      );
      const exited = new Promise((r) => child.once('exit', r));
      const blobs = join(w.cache, 'models--acme--flaky', 'blobs');
      const partial = () =>
        existsSync(blobs)
          ? readdirSync(blobs)
              .filter((f) => f.endsWith('.incomplete'))
              .map((f) => statSync(join(blobs, f)).size)[0]
          : undefined;
      for (let i = 0; i < 600 && !((partial() ?? 0) > 200_000); i++) await sleep(50);
      child.kill('SIGKILL');
      await exited;
      const had = partial();
      expect(had).toBeGreaterThan(200_000);
      expect(had).toBeLessThan(statSync(f32).size);
      expect(existsSync(join(w.models, 'manifests', 'hf.co'))).toBe(false);

      proxy.state.slow = false;
      const again = await mfc(['pull', 'hf.co/acme/flaky', '--json'], {
        models: w.models,
        cache: w.cache,
      });
      expect(again.code, again.err).toBe(0);
      expect(again.err).toMatch(/resumed at/);
      const result = JSON.parse(again.out);
      expect(result.model.storage).toBe('hardlink');
      expect(sha256(result.model.blobPath)).toBe(sha256(f32));
    } finally {
      await proxy.close();
    }
  });
});

describe('a safetensors repo', () => {
  it('is fetched into the cache only, and the output says how to build it', async () => {
    const w = place('weights');
    const r = await mfc(['pull', 'hf.co/acme/weights'], w);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('safetensors from hf.co/acme/weights');
    expect(r.out).toMatch(/to build it: .*FROM hf\.co\/acme\/weights.*mfc build NAME/);
    expect(existsSync(join(w.models, 'manifests'))).toBe(false);
  });
});

describe('round trip: mfc push hf.co/… then mfc pull hf.co/…:QUANT', () => {
  it('gives back the pushed quant, its template and the same rendered prompt', async () => {
    const src = place('push-src');
    for (const [q, gguf] of [
      ['f16', f16],
      ['f32', f32],
    ] as const) {
      const mf = join(dir, `rt-${q}.Modelfile`);
      writeFileSync(
        mf,
        `FROM ${gguf}\nTEMPLATE """${template}"""\nSYSTEM """${system}"""\nPARAMETER temperature 0.2\nPARAMETER stop </s>\n`,
      );
      await buildModel({ modelsDir: src.models, name: `tiny:${q}`, modelfile: mf });
    }
    const pushed = await mfc(['push', 'hf.co/me/tiny', 'tiny:f16', 'tiny:f32'], src, hub.token);
    expect(pushed.code, pushed.err).toBe(0);

    const dst = place('pull-dst');
    const pulled = await mfc(['pull', 'hf.co/me/tiny:f32', '--json'], dst, hub.token);
    expect(pulled.code, pulled.err).toBe(0);
    const result = JSON.parse(pulled.out);
    expect(result.quant).toBe('F32');
    expect(result.model.template.source).toBe('repo');

    const original = await layersOf(src.models, 'tiny:f32');
    const copy = await layersOf(dst.models, 'hf.co/me/tiny:f32');
    const byType = (ls: Layer[]) => new Map(ls.map((l) => [l.mediaType, l.digest]));
    // Same weights, same template, system and params blobs (the card is not a layer).
    expect(byType(copy.manifest.layers)).toEqual(byType(original.manifest.layers));
    expect(copy.manifest.config.digest).toBe(original.manifest.config.digest);

    const origShow = await mfc(['show', 'tiny:f32', '--template'], src);
    const copyShow = await mfc(['show', 'hf.co/me/tiny:f32', '--template'], dst);
    expect(copyShow.out).toBe(origShow.out);

    // The run machinery renders the same prompt (and the pulled model loads and generates).
    const runArgs = ['Why?', '-n', '1', '--temperature', '0', '--show-prompt'];
    const origRun = await mfc(['run', 'tiny:f32', ...runArgs], src);
    const copyRun = await mfc(['run', 'hf.co/me/tiny:f32', ...runArgs], dst);
    expect(origRun.code, origRun.err).toBe(0);
    expect(copyRun.code, copyRun.err).toBe(0);
    const prompt = (s: string) => s.split('\n---\n')[0];
    expect(prompt(copyRun.err)).toBe(prompt(origRun.err));
    expect(prompt(copyRun.err)).toBe(
      `<<SYS>>${system}<</SYS>><|system|>${system}</s><|user|>Why?</s><|assistant|>`,
    );
  });
});
