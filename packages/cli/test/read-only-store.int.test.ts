import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tinyGguf, workspace } from './helpers.js';

// A read-only tmpfs (mount is an external program, hence this lane); root ignores file modes.
let ws: ReturnType<typeof workspace>;
let ro = '';
let mounted = false;
beforeAll(() => {
  ws = workspace('mfc-ro-');
  ro = join(ws.dir, 'ro');
  mkdirSync(ro);
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', ro], { stdio: 'pipe' });
    mounted = true;
    mkdirSync(join(ro, 'blobs'));
    mkdirSync(join(ro, 'manifests'));
    mkdirSync(join(ro, '.mfc', 'locks'), { recursive: true });
    execFileSync('mount', ['-o', 'remount,ro', ro], { stdio: 'pipe' });
  } catch (err) {
    console.warn(`skipping: cannot mount a read-only tmpfs (${(err as Error).message})`);
  }
});
afterAll(() => {
  if (mounted) execFileSync('umount', [ro]);
  ws.cleanup();
});

describe('a read-only models folder', () => {
  for (const what of ['an existing store', 'a store to create']) {
    it(`is reported as such: ${what}`, async (t) => {
      if (!mounted) return t.skip();
      const models = what === 'an existing store' ? ro : join(ro, 'models');
      const file = ws.write('Modelfile', `FROM ${tinyGguf}\n`);
      const r = await ws.mfc(['build', '-f', file, '-t', 'x', '--models', models]);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(
        `error the models folder ${models} is on a read-only file system [STORE_READ_ONLY]`,
      );
      expect(r.stderr).not.toMatch(/lock|ENOENT/);
    });
  }
});
