import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { plainStyle } from '@mfc/diagnostics';
import { main } from '../src/main.js';
import type { Terminal } from '../src/ui/terminal.js';

export const repoRoot = resolve(__dirname, '../../..');
export const tinyGguf = join(repoRoot, 'fixtures/generated/tiny-llama-f16.gguf');

/** A terminal that keeps what is written, for driving `main` in process. */
export function memoryTerminal(
  stderrIsTTY = false,
): Terminal & { errText: () => string; outText: () => string } {
  let out = '';
  let err = '';
  return {
    out: (t) => void (out += t),
    err: (t) => void (err += t),
    stdoutIsTTY: false,
    stderrIsTTY,
    outStyle: plainStyle,
    errStyle: plainStyle,
    errText: () => err,
    outText: () => out,
  };
}

/** A temporary folder with a models store and a cache inside; `cleanup()` removes it. */
export function workspace(prefix = 'mfc-cli-') {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const env = {
    ...process.env,
    OLLAMA_MODELS: join(dir, 'models'),
    MFC_CACHE_DIR: join(dir, 'cache'),
    NO_COLOR: '1',
  };
  return {
    dir,
    env,
    models: join(dir, 'models'),
    write(name: string, content: string | Uint8Array): string {
      const p = join(dir, name);
      writeFileSync(p, content);
      return p;
    },
    /** Runs `mfc` in process; stdout and stderr are kept. */
    async mfc(argv: string[]) {
      const t = memoryTerminal();
      const code = await main(argv, env, t);
      return { code, stdout: t.outText(), stderr: t.errText() };
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
