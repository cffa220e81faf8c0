import { existsSync } from 'node:fs';
import { mkdtemp, readlink, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MfcError } from '@mfc/diagnostics';
import { bundledLlamaCppVersion, findLlamaTool, runLlamaTool, withFileLock } from '../src/index.js';

describe('provisioning llama.cpp tools', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  it('checks out the source and builds llama-quantize in an empty cache, once', async () => {
    const cache = await mkdtemp(join(tmpdir(), 'mfc-cache-'));
    dirs.push(cache);
    const env = { ...process.env, MFC_CACHE_DIR: cache };
    const [a, b] = await Promise.all([
      findLlamaTool('llama-quantize', { env, ignorePath: true }),
      findLlamaTool('llama-quantize', { env, ignorePath: true }),
    ]);
    const version = bundledLlamaCppVersion();
    expect(a.origin).toBe('built');
    expect(a.path).toBe(join(cache, 'llama.cpp', version, 'bin', 'llama-quantize'));
    expect(b.path).toBe(a.path);
    expect(existsSync(join(cache, 'llama.cpp', version, 'src', 'CMakeLists.txt'))).toBe(true);
    // The prebuilt libraries sit next to the tool (rpath $ORIGIN, ggml's CPU backend search).
    expect(await readlink(join(cache, 'llama.cpp', version, 'bin', 'libllama-common.so'))).toMatch(
      /libllama-common\.so$/,
    );
    // llama-quantize exits 1 even for --help; the runner turns that into an MfcError.
    const err = await runLlamaTool(a.path, ['--help']).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MfcError);
    expect((err as MfcError).message).toMatch(/^llama-quantize failed \(exit code 1\)/);
    // It really runs: an unknown type is reported by the tool itself.
    const bad = await runLlamaTool(a.path, ['/nonexistent.gguf', '/tmp/x.gguf', 'NOPE']).catch(
      (e: unknown) => e,
    );
    expect((bad as MfcError).message).toMatch(/invalid ftype 'NOPE'/);
  });

  it('prefers --llama-cpp DIR, then PATH, and names a missing tool clearly', async () => {
    const built = await findLlamaTool('llama-quantize', { ignorePath: true });
    const dir = join(built.path, '..');
    const explicit = await findLlamaTool('llama-quantize', { llamaCppDir: dir });
    expect(explicit).toEqual({ name: 'llama-quantize', path: built.path, origin: 'explicit' });
    const onPath = await findLlamaTool('llama-quantize', {
      env: { ...process.env, PATH: dir, MFC_LLAMA_CPP: '' },
    });
    expect(onPath.origin).toBe('path');
    const empty = await mkdtemp(join(tmpdir(), 'mfc-empty-'));
    dirs.push(empty);
    await expect(findLlamaTool('llama-quantize', { llamaCppDir: empty })).rejects.toMatchObject({
      code: 'LLAMA_TOOL_NOT_FOUND',
    });
    await expect(findLlamaTool('llama-server', { ignorePath: true })).rejects.toMatchObject({
      code: 'LLAMA_TOOL_NOT_FOUND',
    });
  });

  it('serialises holders of the same lock', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mfc-lock-'));
    dirs.push(dir);
    const events: string[] = [];
    const hold = (id: string) =>
      withFileLock(
        join(dir, 'lock'),
        async () => {
          events.push(`${id}+`);
          await new Promise((r) => setTimeout(r, 30));
          events.push(`${id}-`);
        },
        { pollMs: 5 },
      );
    await Promise.all([hold('a'), hold('b'), hold('c')]);
    for (let i = 0; i < events.length; i += 2) {
      expect(events[i].slice(0, 1)).toBe(events[i + 1].slice(0, 1));
    }
    expect(existsSync(join(dir, 'lock'))).toBe(false);
  });
});
