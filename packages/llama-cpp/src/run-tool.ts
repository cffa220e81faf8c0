import { basename } from 'node:path';
import { execa } from 'execa';
import { llamaCppError, type LlamaCppErrorCode } from './error-codes.js';

export interface RunToolOptions {
  /** Called with every complete output line as it arrives. */
  onLine?: (line: string, stream: 'stdout' | 'stderr') => void;
  /** Turns the tool's output into the reason of the failure (default: its last error-like line). */
  explainFailure?: (output: ToolOutput) => string | undefined;
  /** The error code for a failure (default `LLAMA_TOOL_FAILED`). */
  errorCode?: LlamaCppErrorCode;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  signal?: AbortSignal;
  timeoutMs?: number;
}

export interface ToolOutput {
  stdout: string;
  stderr: string;
  exitCode?: number;
  signal?: string;
}

const ERROR_LINE = /\b(error|failed|exception|invalid|cannot|unable)\b/i;

/** The last line that reads like an error, else the last line. */
export function lastErrorLine(text: string): string | undefined {
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  return [...lines].reverse().find((l) => ERROR_LINE.test(l)) ?? lines.at(-1);
}

/**
 * Runs a llama.cpp tool with execa and returns its output; a non-zero exit,
 * a crash or a missing binary becomes an `MfcError` that names the tool and
 * the reason it printed (llama.cpp tools exit 1 for every failure).
 */
export async function runLlamaTool(
  tool: string,
  args: string[],
  options: RunToolOptions = {},
): Promise<ToolOutput> {
  const name = basename(tool);
  const tap = (stream: 'stdout' | 'stderr') =>
    function* (line: unknown) {
      options.onLine?.(String(line), stream);
      yield line;
    };
  const result = await execa(tool, args, {
    reject: false,
    env: options.env,
    extendEnv: true,
    cwd: options.cwd,
    cancelSignal: options.signal,
    timeout: options.timeoutMs,
    stdin: 'ignore',
    stdout: options.onLine ? tap('stdout') : 'pipe',
    stderr: options.onLine ? tap('stderr') : 'pipe',
    maxBuffer: 256 << 20,
  });
  const output: ToolOutput = {
    stdout: String(result.stdout ?? ''),
    stderr: String(result.stderr ?? ''),
    exitCode: result.exitCode,
    signal: result.signal,
  };
  if (!result.failed) return output;
  if ((result as { code?: string }).code === 'ENOENT') {
    throw llamaCppError('LLAMA_TOOL_NOT_FOUND', `cannot run ${tool}: no such file`, {
      hint: 'run `mfc doctor` to see which llama.cpp tools mfc finds',
    });
  }
  const reason =
    options.explainFailure?.(output) ??
    lastErrorLine(output.stderr) ??
    lastErrorLine(output.stdout) ??
    result.shortMessage;
  const how = result.timedOut
    ? `timed out after ${options.timeoutMs} ms`
    : result.isCanceled
      ? 'was cancelled'
      : result.signal
        ? `crashed (${result.signal})`
        : `failed (exit code ${result.exitCode})`;
  throw llamaCppError(options.errorCode ?? 'LLAMA_TOOL_FAILED', `${name} ${how}: ${reason}`, {
    cause: result,
  });
}
