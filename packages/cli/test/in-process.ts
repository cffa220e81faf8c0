/** Runs the CLI in process (`main(argv, env, terminal)`) and collects what it prints. */
import { plainStyle } from '@mfc/diagnostics';
import { main } from '../src/main.js';
import type { Terminal } from '../src/ui/terminal.js';

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runMfc(argv: string[], env: NodeJS.ProcessEnv = {}): Promise<RunResult> {
  let stdout = '';
  let stderr = '';
  const terminal: Terminal = {
    out: (text) => void (stdout += text),
    err: (text) => void (stderr += text),
    stdoutIsTTY: false,
    stderrIsTTY: false,
    outStyle: plainStyle,
    errStyle: plainStyle,
  };
  const code = await main(argv, { NO_COLOR: '1', ...env }, terminal);
  return { code, stdout, stderr };
}
