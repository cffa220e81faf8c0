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
  /** Binary output (`mfc export -o -`); process.stdout when absent. */
  stdoutStream?: NodeJS.WritableStream;
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

let pipeHandlers = false;

/**
 * A reader that goes away (`mfc list | head -1`) closes stdout: end quietly
 * with exit 0, as git and ls do (they die of SIGPIPE, which Node ignores and
 * turns into an EPIPE 'error' event that would crash with a stack trace).
 * Exit handlers still run, so partial files are removed. A closed stderr is
 * ignored: there is nobody left to tell.
 */
export function endQuietlyOnClosedPipes(
  stdout: NodeJS.WriteStream = process.stdout,
  stderr: NodeJS.WriteStream = process.stderr,
  exit: (code: number) => void = (code) => process.exit(code),
): void {
  stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE' || err.code === 'ERR_STREAM_DESTROYED') exit(0);
    else throw err;
  });
  stderr.on('error', () => {});
}

export function processTerminal(env: NodeJS.ProcessEnv, colorFlag?: boolean): Terminal {
  if (!pipeHandlers) {
    pipeHandlers = true;
    endQuietlyOnClosedPipes();
  }
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
