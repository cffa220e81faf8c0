import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { workspace } from './helpers.js';

let ws: ReturnType<typeof workspace>;
beforeEach(() => {
  ws = workspace('mfc-prune-');
});
afterEach(() => ws.cleanup());

describe('prune --dry-run', () => {
  it('previews and counts the leftovers of killed builds as prune deletes them', async () => {
    // What a killed `build -q` leaves: a work folder with a partial quantized model, and a partial blob.
    const tmp = join(ws.models, '.mfc', 'tmp');
    mkdirSync(join(tmp, '999999999-work-abc'), { recursive: true });
    writeFileSync(join(tmp, '999999999-work-abc', '.model-Q4_0.gguf.tmp-1234'), Buffer.alloc(3000));
    writeFileSync(join(tmp, '999999998-0a1b2c.partial'), Buffer.alloc(500));
    const dry = await ws.mfc(['prune', '--dry-run', '--json']);
    expect(dry.code, dry.stderr).toBe(0);
    const preview = JSON.parse(dry.stdout);
    expect(preview).toMatchObject({
      dryRun: true,
      partials: ['999999998-0a1b2c.partial', '999999999-work-abc'],
      partialBytes: 3500,
      bytes: 3500,
    });
    expect(existsSync(join(tmp, '999999999-work-abc'))).toBe(true);
    const human = await ws.mfc(['prune', '--dry-run']);
    expect(human.stdout).toContain('would delete leftover .mfc/tmp/999999999-work-abc\n');
    expect(human.stdout).toContain(
      'would free 3.50 KB in 0 blobs and 2 leftovers of killed builds',
    );

    const real = JSON.parse((await ws.mfc(['prune', '--json'])).stdout);
    expect(real).toEqual({ ...preview, dryRun: false });
    expect(existsSync(join(tmp, '999999999-work-abc'))).toBe(false);
    expect(existsSync(join(tmp, '999999998-0a1b2c.partial'))).toBe(false);
  });
});
