import { statfsSync } from 'node:fs';
import { formatBytes } from './bytes.js';
import { MfcError } from './errors.js';

/** Free bytes for an unprivileged writer in the file system holding `folder`, or undefined. */
export function freeBytes(folder: string): number | undefined {
  try {
    const s = statfsSync(folder);
    return Number(s.bavail) * Number(s.bsize);
  } catch {
    return undefined;
  }
}

export function isDiskFull(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOSPC' || code === 'EDQUOT';
}

/**
 * The error for a full file system: names the folder being written (not the
 * file being read), how much the write needed and how much is free once
 * the partial output is deleted.
 */
export function diskFullError(
  folder: string,
  needed: number | undefined,
  what: string,
  cause?: unknown,
  /** Bytes of the partial output still on disk, about to be deleted (free once it is). */
  partial = 0,
): MfcError {
  const measured = freeBytes(folder);
  const free = measured === undefined ? undefined : measured + partial;
  const need = needed === undefined ? '' : `; it needs ${formatBytes(needed)}`;
  const have = free === undefined ? '' : `, ${formatBytes(free)} free`;
  return new MfcError('NO_SPACE', `no space left in ${folder} while ${what}${need}${have}`, {
    location: { file: folder },
    hint: 'free some space there (mfc prune removes unused blobs) or write somewhere else',
    cause,
  });
}
