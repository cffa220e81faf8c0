import { ansiStyle, plainStyle, type Style } from '@mfc/diagnostics';

/** The streams a command writes to, and whether each one wants colour. */
export interface Terminal {
  out(text: string): void;
  err(text: string): void;
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
  /** Styles for stdout and stderr: ANSI only on a TTY, never with NO_COLOR. */
  outStyle: Style;
  errStyle: Style;
  /** Standard input; default `process.stdin` (tests pass their own). */
  stdin?: AsyncIterable<Uint8Array | string>;
  /** Whether standard input is a terminal (nothing piped); default `process.stdin.isTTY`. */
  stdinIsTTY?: boolean;
}

export function wantsColor(isTTY: boolean, env: NodeJS.ProcessEnv, flag?: boolean): boolean {
  if (flag === false) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true;
  return isTTY;
}

export function processTerminal(env: NodeJS.ProcessEnv, colorFlag?: boolean): Terminal {
  const stdoutIsTTY = Boolean(process.stdout.isTTY);
  const stderrIsTTY = Boolean(process.stderr.isTTY);
  return {
    out: (text) => void process.stdout.write(text),
    err: (text) => void process.stderr.write(text),
    stdoutIsTTY,
    stderrIsTTY,
    outStyle: wantsColor(stdoutIsTTY, env, colorFlag) ? ansiStyle : plainStyle,
    errStyle: wantsColor(stderrIsTTY, env, colorFlag) ? ansiStyle : plainStyle,
  };
}
