import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findLlamaTool } from '@mfc/llama-cpp';
import { repoRoot, tinyGguf, workspace } from './helpers.js';

const bin = join(repoRoot, 'packages/cli/bin/mfc.js');
const haveQuantize = await findLlamaTool('llama-quantize', {}).then(
  () => true,
  () => false,
);
if (!haveQuantize) console.warn('skipping: llama-quantize is not built (mfc doctor)');

let ws: ReturnType<typeof workspace>;
beforeEach(() => {
  ws = workspace('mfc-sigint-');
});
afterEach(() => ws.cleanup());

/** Runs mfc and sends it SIGINT at its first quantizing progress event (JSON on stderr). */
function interruptWhileQuantizing(
  args: string[],
): Promise<{ signal: string | null; code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args, '--json'], { env: ws.env, cwd: ws.dir });
    let stderr = '';
    let sent = false;
    child.stderr.on('data', (d) => {
      stderr += d;
      if (!sent && /"event":"progress","label":"quantizing[^\n]*"done":[1-9]/.test(stderr)) {
        sent = true;
        child.kill('SIGINT');
      }
    });
    child.on('close', (code, signal) => resolve({ code, signal, stderr }));
  });
}

/** Every file under `dir`, relative. */
function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => !e.isDirectory() || readdirSync(join(e.parentPath, e.name)).length === 0)
    .map((e) => join(e.parentPath, e.name).slice(dir.length + 1));
}

describe.skipIf(!haveQuantize)('SIGINT while quantizing leaves nothing behind', () => {
  it('mfc build -q Q4_0: no work folder in the store', { timeout: 120_000 }, async () => {
    const modelfile = ws.write('Modelfile', `FROM ${tinyGguf}\n`);
    const r = await interruptWhileQuantizing(['build', '-f', modelfile, '-t', 'q', '-q', 'Q4_0']);
    expect(r.signal, r.stderr).toBe('SIGINT');
    const tmp = join(ws.models, '.mfc', 'tmp');
    expect(filesUnder(tmp)).toEqual([]);
    expect(existsSync(join(ws.models, 'manifests/registry.ollama.ai/library/q/latest'))).toBe(
      false,
    );
  });

  it('mfc quantize: no partial output beside the user files', { timeout: 120_000 }, async () => {
    const out = join(ws.dir, 'out', 'model-Q4_0.gguf');
    const r = await interruptWhileQuantizing(['quantize', '--no-cache', tinyGguf, out, 'Q4_0']);
    expect(r.signal, r.stderr).toBe('SIGINT');
    expect(readdirSync(join(ws.dir, 'out'))).toEqual([]);
  });
});
