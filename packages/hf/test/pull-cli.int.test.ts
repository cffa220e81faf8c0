import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../src/index.js';

const run = promisify(execFile);
const MFC = join(import.meta.dirname, '..', '..', 'cli', 'bin', 'mfc.js');
const generated = join(import.meta.dirname, '..', '..', '..', 'fixtures', 'generated');
// Real GGUFs: a pull of a GGUF repo ends with a model in the store.
const f16 = { diskPath: join(generated, 'tiny-llama-f16.gguf') };
const f32 = { diskPath: join(generated, 'tiny-llama-f32.gguf') };

let hub: TestHub;
let home: string;
beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), 'mfc-pull-cli-'));
  hub = await startTestHub([
    {
      name: 'acme/tiny-gguf',
      files: {
        'tiny.Q4_K_M.gguf': f16,
        'tiny.Q8_0.gguf': f32,
      },
    },
    {
      name: 'acme/gated',
      gated: 'manual',
      files: { 'model.Q4_K_M.gguf': f16 },
    },
  ]);
});
afterAll(async () => {
  await hub?.close();
  await rm(home, { recursive: true, force: true });
});

async function mfc(args: string[], env: Record<string, string> = {}) {
  try {
    const r = await run(process.execPath, [MFC, ...args], {
      env: {
        ...process.env,
        HF_ENDPOINT: hub.url,
        HF_HOME: home,
        HF_TOKEN: '',
        OLLAMA_MODELS: join(home, 'models'),
        ...env,
      },
    });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('mfc pull', () => {
  it('lists what it would fetch with --dry-run, then fetches into $HF_HOME/hub and the store', async () => {
    const dry = await mfc(['pull', 'hf.co/acme/tiny-gguf', '--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/would fetch \S+ \S+: GGUF Q4_K_M from hf\.co\/acme\/tiny-gguf/);
    expect(existsSync(join(home, 'hub', 'models--acme--tiny-gguf', 'blobs'))).toBe(false);
    const real = await mfc(['pull', 'hf.co/acme/tiny-gguf:q8_0', '--json']);
    expect(real.code).toBe(0);
    const result = JSON.parse(real.stdout);
    expect(result).toMatchObject({ kind: 'gguf', quant: 'Q8_0', repo: 'acme/tiny-gguf' });
    expect(
      result.modelPath.startsWith(join(home, 'hub', 'models--acme--tiny-gguf', 'snapshots')),
    ).toBe(true);
    expect(existsSync(result.modelPath)).toBe(true);
    expect(real.stderr).toContain('"event":"end"');
    // …and the model is in the store under Ollama's name for it.
    expect(result.model).toMatchObject({ name: 'hf.co/acme/tiny-gguf:q8_0', storage: 'hardlink' });
    const list = await mfc(['list']);
    expect(list.stdout).toContain('hf.co/acme/tiny-gguf:q8_0');
  });

  it('exits 1 with a clear message for gated repos, and 2 for a bad reference', async () => {
    const gated = await mfc(['pull', 'hf.co/acme/gated']);
    expect(gated.code).toBe(1);
    expect(gated.stderr).toMatch(/gated.*HF_GATED/s);
    const ok = await mfc(['pull', 'hf.co/acme/gated'], { HF_TOKEN: hub.token });
    expect(ok.code).toBe(0);
    const bad = await mfc(['pull', 'hf.co/acme']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('hf.co/ORG/REPO');
  });
});
