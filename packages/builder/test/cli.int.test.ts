import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync, truncateSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decodeManifest, openStore, parseModelName, sha256Digest } from '@mfc/store';
import { mfcBin, repoRoot, runMfc, tempWorkspace, tinyTestGguf } from './helpers.js';

let ws: ReturnType<typeof tempWorkspace>;
beforeEach(() => {
  ws = tempWorkspace('mfc-cli-');
});
afterEach(() => ws.cleanup());

/** A GGUF with no tensors followed by `size` bytes (a sparse file: cheap to make, real bytes to copy). */
function bigGguf(name: string, size: number): string {
  const p = ws.write(name, tinyTestGguf());
  truncateSync(p, size);
  return p;
}

const blobsIn = (models: string) =>
  existsSync(join(models, 'blobs')) ? readdirSync(join(models, 'blobs')) : [];
const manifestsIn = (models: string) =>
  existsSync(join(models, 'manifests')) ? readdirSync(join(models, 'manifests')) : [];

describe('mfc build/list/show/cp/rm/prune (CLI)', () => {
  it('builds the fixture, lists, shows, copies, removes and prunes', async () => {
    const m = ['--models', ws.models];
    const built = await runMfc([
      'build',
      '-f',
      'fixtures/build/tiny/Modelfile',
      '-t',
      'tiny',
      ...m,
      '--json',
    ]);
    expect(built.code, built.stderr).toBe(0);
    const result = JSON.parse(built.stdout);
    expect(result.name).toBe('tiny:latest');
    expect(result.layers).toHaveLength(6);
    const events = built.stderr
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(events.some((e) => e.event === 'layer' && e.mediaType.endsWith('.model'))).toBe(true);
    expect(events.some((e) => e.event === 'end' && e.label.startsWith('copying'))).toBe(true);

    const list = await runMfc(['list', ...m]);
    expect(list.stdout).toMatch(
      new RegExp(
        `^NAME +ID +SIZE +MODIFIED\\ntiny:latest +${result.manifestDigest.slice(7, 19)} +19\\.5 MB`,
      ),
    );

    const show = await runMfc(['show', 'tiny', ...m]);
    expect(show.stdout).toContain('architecture        llama');
    expect(show.stdout).toContain('parameters          9.37M');
    const params = await runMfc(['show', 'tiny', '--parameters', ...m]);
    expect(params.stdout).toContain('temperature');
    const system = await runMfc(['show', 'tiny', '--system', ...m]);
    expect(system.stdout).toBe('You are a tiny test model. Answer in one short sentence.\n');

    expect((await runMfc(['cp', 'tiny', 'tiny:backup', ...m])).code).toBe(0);
    expect((await runMfc(['rm', 'tiny', ...m])).stdout).toBe("deleted 'tiny:latest'\n");
    expect(blobsIn(ws.models).length).toBe(7); // still used by tiny:backup
    expect((await runMfc(['rm', 'tiny:backup', ...m])).code).toBe(0);
    expect(blobsIn(ws.models)).toEqual([]);
    expect((await runMfc(['show', 'tiny', ...m])).stderr).toMatch(/model 'tiny:latest' not found/);
    const prune = await runMfc(['prune', '--dry-run', ...m]);
    expect(prune.stdout).toBe('would free 0 B in 0 blobs\n');
  });

  it('uses OLLAMA_MODELS and rejects bad names with exit code 2/1', async () => {
    const r = await runMfc(['build', '-f', 'fixtures/build/tiny/Modelfile', '-t', 'bad name!'], {
      env: { OLLAMA_MODELS: ws.models },
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('invalid model name: bad name!');
    expect((await runMfc(['build', '-f', 'fixtures/build/tiny/Modelfile'])).code).toBe(2);
    const ok = await runMfc(
      ['build', '-f', 'fixtures/build/tiny/Modelfile', '-t', 'viaenv', '--quiet'],
      { env: { OLLAMA_MODELS: ws.models } },
    );
    expect(ok.code, ok.stderr).toBe(0);
    expect(existsSync(join(ws.models, 'manifests/registry.ollama.ai/library/viaenv/latest'))).toBe(
      true,
    );
  });

  it('prints the lint report when lint errors stop the build', async () => {
    const mf = ws.write(
      'Modelfile',
      `FROM ${join(repoRoot, 'fixtures/generated/tiny-llama-f16.gguf')}\nPARAMETER top_k 4.5\n`,
    );
    const r = await runMfc(['build', '-f', mf, '-t', 'x', '--models', ws.models]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/Modelfile:2:\d+/);
    expect(r.stderr).toContain('lint error');
    expect(blobsIn(ws.models)).toEqual([]);
  });

  for (const signal of ['SIGKILL', 'SIGTERM'] as const) {
    it(`a build killed with ${signal} mid-copy leaves no manifest and no half blob`, async () => {
      const big = bigGguf('big.gguf', 256 * 1024 * 1024);
      const mf = ws.write('Modelfile', `FROM ${big}\nSYSTEM hi\n`);
      const child = spawn(
        process.execPath,
        [mfcBin, 'build', '-f', mf, '-t', 'big', '--models', ws.models, '--json'],
        { cwd: repoRoot },
      );
      child.stderr.resume();
      let running = true;
      const exited = new Promise<NodeJS.Signals | null>((resolve) =>
        child.on('exit', (_c, s) => {
          running = false;
          resolve(s);
        }),
      );
      // Kill it once the partial copy of the model has bytes in it.
      const tmp = join(ws.models, '.mfc/tmp');
      const partialSize = () => {
        const f = existsSync(tmp) ? readdirSync(tmp).filter((n) => n.endsWith('.partial')) : [];
        return f.length === 1 ? statSync(join(tmp, f[0])).size : 0;
      };
      while (running && partialSize() === 0) await new Promise((r) => setTimeout(r, 5));
      child.kill(signal);
      expect(await exited).toBe(signal);
      expect(manifestsIn(ws.models)).toEqual([]);
      // Whatever reached blobs/ is complete: its name is its content's digest.
      for (const f of blobsIn(ws.models)) {
        expect(sha256Digest(readFileSync(join(ws.models, 'blobs', f))).replace(':', '-')).toBe(f);
      }
      const partials = readdirSync(join(ws.models, '.mfc/tmp'));
      // SIGTERM: removed by the signal handler; SIGKILL: left behind, removed by the next store operation.
      if (signal === 'SIGTERM') expect(partials).toEqual([]);
      else expect(partials.length).toBe(1);
      const again = await runMfc([
        'build',
        '-f',
        mf,
        '-t',
        'big',
        '--models',
        ws.models,
        '--quiet',
      ]);
      expect(again.code, again.stderr).toBe(0);
      expect(readdirSync(join(ws.models, '.mfc/tmp'))).toEqual([]);
    }, 60_000);
  }

  it('two concurrent builds of one name do not corrupt it', async () => {
    const big = bigGguf('model.gguf', 64 * 1024 * 1024);
    const a = ws.write('A.Modelfile', `FROM ${big}\nSYSTEM first\n`);
    const b = ws.write('B.Modelfile', `FROM ${big}\nSYSTEM second\n`);
    // Hold the name's lock ourselves until both builds say they are waiting
    // for it, so the test does not depend on how fast each process starts.
    const store = await openStore(ws.models);
    const waiting = new Set<string>();
    const builds = await store.withNameLock(parseModelName('same'), 'test', async () => {
      let bothWaiting: () => void = () => {};
      const reached = new Promise<void>((resolve) => (bothWaiting = resolve));
      const onStderr = (id: string) => (text: string) => {
        if (text.includes('waiting for another build of same:latest')) waiting.add(id);
        if (waiting.size === 2) bothWaiting();
      };
      const started = [
        runMfc(['build', '-f', a, '-t', 'same', '--models', ws.models, '--json'], {
          onStderr: onStderr('a'),
        }),
        runMfc(['build', '-f', b, '-t', 'same', '--models', ws.models, '--json'], {
          onStderr: onStderr('b'),
        }),
      ];
      await Promise.race([reached, Promise.all(started)]);
      return started;
    });
    expect([...waiting].sort()).toEqual(['a', 'b']);
    const [ra, rb] = await Promise.all(builds);
    expect(ra.code, ra.stderr).toBe(0);
    expect(rb.code, rb.stderr).toBe(0);
    const digests = [JSON.parse(ra.stdout).manifestDigest, JSON.parse(rb.stdout).manifestDigest];
    const path = join(ws.models, 'manifests/registry.ollama.ai/library/same/latest');
    const text = readFileSync(path, 'utf8');
    expect(digests).toContain(sha256Digest(text));
    for (const l of decodeManifest(text).layers)
      expect(existsSync(join(ws.models, 'blobs', l.digest.replace(':', '-')))).toBe(true);
  }, 60_000);
});
