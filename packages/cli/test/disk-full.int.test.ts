import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isTempFileName } from '@mfc/diagnostics';
import { findLlamaTool } from '@mfc/llama-cpp';
import { repoRoot, tinyGguf, workspace } from './helpers.js';

// A 4 MB tmpfs is smaller than the 19.5 MB tiny model: every write into it runs out of space.
let ws: ReturnType<typeof workspace>;
let full = '';
let mounted = false;
beforeAll(() => {
  ws = workspace('mfc-full-');
  full = join(ws.dir, 'full');
  mkdirSync(full);
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=4m', 'tmpfs', full], { stdio: 'pipe' });
    mounted = true;
  } catch (err) {
    console.warn(`skipping the disk-full tests: cannot mount a tmpfs (${(err as Error).message})`);
  }
});
afterAll(() => {
  if (mounted) execFileSync('umount', [full]);
  ws.cleanup();
});

const haveQuantize = await findLlamaTool('llama-quantize', {}).then(
  () => true,
  () => false,
);

describe('a full file system is named, with the bytes needed', () => {
  const expectNoSpace = (r: { code: number; stderr: string }, folder: string) => {
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toMatch(
      new RegExp(
        `no space left in ${folder} while .*; it needs [\\d.]+ MB, [\\d.]+ [KM]?B free \\[NO_SPACE\\]`,
      ),
    );
    expect(r.stderr).not.toContain(`${tinyGguf}: error`);
  };

  it('build copying the model into a full models folder', async (t) => {
    if (!mounted) return t.skip();
    const models = join(full, 'models');
    const r = await ws.mfc([
      'build',
      '-f',
      ws.write('Modelfile', `FROM ${tinyGguf}\n`),
      '-t',
      'tiny',
      '--models',
      models,
    ]);
    expectNoSpace(r, models);
    expect(r.stderr).toContain('it needs 19.5 MB');
    expect(readdirSync(join(models, '.mfc', 'tmp'))).toEqual([]);
  });

  it('mfc convert writing into a full folder', async (t) => {
    if (!mounted) return t.skip();
    const r = await ws.mfc([
      'convert',
      join(repoRoot, 'fixtures/generated/tiny-llama'),
      join(full, 'c.gguf'),
    ]);
    expectNoSpace(r, full);
    expect(readdirSync(full).filter(isTempFileName)).toEqual([]);
  });

  it('llama-quantize writing into a full folder', { timeout: 120_000 }, async (t) => {
    if (!mounted || !haveQuantize) return t.skip();
    const r = await ws.mfc(['quantize', '--no-cache', tinyGguf, join(full, 'q.gguf'), 'Q8_0']);
    expectNoSpace(r, full);
    expect(r.stderr).not.toContain('iostream');
    expect(readdirSync(full).filter(isTempFileName)).toEqual([]);
  });
});
