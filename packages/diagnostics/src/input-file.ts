import { statSync, type BigIntStats, type Stats } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { MfcError, type Location } from './errors.js';

/** What a path names, in words a user knows. */
export function fileKindOf(st: Stats | BigIntStats): string {
  if (st.isFile()) return 'file';
  if (st.isDirectory()) return 'folder';
  if (st.isFIFO()) return 'FIFO (named pipe)';
  if (st.isSocket()) return 'socket';
  if (st.isCharacterDevice()) return 'character device';
  if (st.isBlockDevice()) return 'block device';
  return 'special file';
}

export interface InputCheck {
  /** A folder is fine too (e.g. a FROM folder, a safetensors model folder). */
  directory?: boolean;
  /** Where the path came from, e.g. the Modelfile line; defaults to the path itself. */
  location?: Location;
  /** The caller's hint for a refused path (e.g. how that command reads a pipe instead). */
  hint?: string;
}

function refuse(path: string, st: Stats | BigIntStats, check: InputCheck): never {
  const kind = fileKindOf(st);
  const wanted = check.directory ? 'a file or a folder' : 'a regular file';
  // Named in the message only when the location is elsewhere (a Modelfile line).
  const subject = check.location ? `${path} is` : 'this is';
  throw new MfcError('NOT_A_FILE', `${subject} a ${kind}, not ${wanted}`, {
    location: check.location ?? { file: path },
    hint:
      check.hint ??
      (kind === 'folder'
        ? 'give the path of a file inside it'
        : 'mfc reads regular files only (opening a pipe or a device could wait forever); copy the data into a file first'),
  });
}

function acceptable(st: Stats | BigIntStats, check: InputCheck): boolean {
  return st.isFile() || (check.directory === true && st.isDirectory());
}

/**
 * Refuses, before anything opens it, a path that is not a regular file (or a
 * folder, when allowed): FIFOs, sockets and devices would block an `open` or
 * never end. Returns the stats; file-system errors (ENOENT…) propagate.
 */
export async function checkInputPath(path: string, check: InputCheck = {}): Promise<Stats> {
  const st = await stat(path);
  if (!acceptable(st, check)) refuse(path, st, check);
  return st;
}

/** `checkInputPath` for synchronous readers. */
export function checkInputPathSync(path: string, check: InputCheck = {}): Stats {
  const st = statSync(path);
  if (!acceptable(st, check)) refuse(path, st, check);
  return st;
}

/** Refuses already-known stats of `path` that are not a regular file (or folder, when allowed). */
export function checkInputStats(
  path: string,
  st: Stats | BigIntStats,
  check: InputCheck = {},
): void {
  if (!acceptable(st, check)) refuse(path, st, check);
}

/** Reads a whole input file after `checkInputPath` (no FIFOs, sockets or devices). */
export async function readInputFile(path: string): Promise<Buffer> {
  await checkInputPath(path);
  return readFile(path);
}
