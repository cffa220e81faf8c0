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
 * A file argument's bytes: standard input for `-`, else the file (relative to
 * `cwd`). A missing, unreadable or folder path is FILE_READ at that path.
 */
export async function readBytesArg(
  cwd: string,
  input: AsyncIterable<Uint8Array | string> | undefined,
  path: string,
): Promise<Uint8Array> {
  try {
    return new Uint8Array(
      path === '-' ? await readStdin(input) : await readInputFile(resolve(cwd, path)),
    );
  } catch (err) {
    if (isMfcError(err)) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    throw cliError(
      'FILE_READ',
      code === 'ENOENT'
        ? `no such file: ${path}`
        : code === 'EISDIR'
          ? `${path} is a folder, not a file`
          : `cannot read ${path}: ${(err as Error).message}`,
      { location: { file: path } },
    );
  }
}

/** {@link readBytesArg} decoded as UTF-8. */
export async function readTextArg(
  cwd: string,
  input: AsyncIterable<Uint8Array | string> | undefined,
  path: string,
): Promise<string> {
  return Buffer.from(await readBytesArg(cwd, input, path)).toString('utf8');
}
