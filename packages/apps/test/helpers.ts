import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { plainStyle } from '@mfc/diagnostics';
import { main } from '@mfc/cli';

export const repoRoot = resolve(__dirname, '../../..');
export const generated = join(repoRoot, 'fixtures/generated');

/** Runs the CLI in process and captures what it prints. */
export async function mfc(argv: string[], env: NodeJS.ProcessEnv = {}) {
  let out = '';
  let err = '';
  const code = await main(
    argv,
    { NO_COLOR: '1', ...env },
    {
      out: (s) => void (out += s),
      err: (s) => void (err += s),
      stdoutIsTTY: false,
      stderrIsTTY: false,
      outStyle: plainStyle,
      errStyle: plainStyle,
    },
  );
  return { code, out, err };
}

export function tempDir(prefix = 'mfc-apps-') {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
