import { resolve } from 'node:path';
import { isMfcError, readInputFile } from '@mfc/diagnostics';
import { cliError } from './error-codes.js';
import type { Terminal } from './ui/terminal.js';

/**
 * Everything on standard input, as bytes (callers decode: the Modelfile
 * parser wants bytes to report bad UTF-8 with an offset). `input` is for
 * callers that have a stream of their own.
 */
/** Whether nothing is piped to the command (its standard input is a terminal). */
export function stdinIsTTY(terminal: Terminal): boolean {
  return terminal.stdinIsTTY ?? Boolean(process.stdin.isTTY);
}

export async function readStdin(
  input: AsyncIterable<Uint8Array | string> = process.stdin,
): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of input) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}

/**
 * A file argument's text: standard input for `-`, else the file (relative to
 * `cwd`). A missing or unreadable file is FILE_READ at that path.
 */
export async function readTextArg(
  cwd: string,
  input: AsyncIterable<Uint8Array | string> | undefined,
  path: string,
): Promise<string> {
  try {
    return path === '-'
      ? (await readStdin(input)).toString('utf8')
      : (await readInputFile(resolve(cwd, path))).toString('utf8');
  } catch (err) {
    if (isMfcError(err)) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    throw cliError(
      'FILE_READ',
      code === 'ENOENT'
        ? `no such file: ${path}`
        : `cannot read ${path}: ${(err as Error).message}`,
      { location: { file: path } },
    );
  }
}
