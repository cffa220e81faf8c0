// `mfc inspect` through the bundled CLI on a URL served on 127.0.0.1 (range
// requests). The other cases run in process in inspect.test.ts.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureFixtures, type Fixtures } from '../../../scripts/fixtures/index.js';
import { startRangeServer } from '../../gguf/test/http-server.js';
import { tempDir } from '../../gguf/test/helpers.js';

const bin = fileURLToPath(new URL('../bin/mfc.js', import.meta.url));

function mfc(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], {
      env: { ...process.env, NO_COLOR: '1' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

let fx: Fixtures;
const tmp = tempDir('mfc-inspect-');
beforeAll(async () => {
  fx = await ensureFixtures();
});
afterAll(() => tmp.cleanup());

describe('mfc inspect on a URL', () => {
  it('reads a URL by range requests', async () => {
    const server = await startRangeServer({ 'tiny-llama-f16.gguf': fx.tinyLlama.f16 });
    try {
      const remote = JSON.parse(
        (await mfc(['inspect', '--json', server.url('tiny-llama-f16.gguf')])).stdout,
      );
      const local = JSON.parse((await mfc(['inspect', '--json', fx.tinyLlama.f16])).stdout);
      expect({ ...remote, files: [] }).toEqual({ ...local, files: [] });
      expect(server.bytesSent).toBeLessThan(2 << 20);
    } finally {
      await server.close();
    }
  });
});
