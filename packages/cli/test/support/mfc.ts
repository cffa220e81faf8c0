// Runs the CLI in process through `main(argv, env, terminal, cwd)`: no
// spawned Node, so a case costs milliseconds instead of a process start.
// The terminal captures stdout and stderr; stdin is the given text.
import { ansiStyle, plainStyle } from '@mfc/diagnostics';
import { main } from '../../src/main.js';
import { wantsColor, type Terminal } from '../../src/ui/terminal.js';

export interface MfcResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface MfcOptions {
  cwd?: string;
  /** Added to the environment (which starts as the test process's, without colour settings). */
  env?: NodeJS.ProcessEnv;
  /** Standard input; without it stdin is an empty pipe. */
  input?: string | Uint8Array;
  /** Pretend stdout and stderr are terminals. */
  tty?: boolean;
  /** Pretend nothing is piped to stdin (it is a terminal). */
  stdinIsTTY?: boolean;
}

export async function mfc(argv: string[], options: MfcOptions = {}): Promise<MfcResult> {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', FORCE_COLOR: '' };
  Object.assign(env, options.env);
  const tty = options.tty ?? false;
  const colour = wantsColor(tty, env, argv.includes('--no-color') ? false : undefined);
  let stdout = '';
  let stderr = '';
  const input = options.input;
  const terminal: Terminal = {
    out: (t) => void (stdout += t),
    err: (t) => void (stderr += t),
    stdoutIsTTY: tty,
    stderrIsTTY: tty,
    outStyle: colour ? ansiStyle : plainStyle,
    errStyle: colour ? ansiStyle : plainStyle,
    stdin: (async function* () {
      if (input !== undefined) yield input;
    })(),
    stdinIsTTY: options.stdinIsTTY ?? false,
  };
  const code = await main(argv, env, terminal, options.cwd ?? process.cwd());
  return { code, stdout, stderr };
}
