import { mkdirSync, readdirSync, rmSync, unlinkSync } from 'node:fs';
import { keepOnExit, removeOnExit } from '@mfc/diagnostics';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { processAlive } from './pid.js';

/*
 * Partial files being written by this process are deleted on SIGINT/SIGTERM/
 * SIGHUP and at exit (the shared registry of @mfc/diagnostics); after a
 * SIGKILL they stay in `.mfc/tmp/` named after the dead pid, and the next
 * store operation removes them (`removeStaleTemps`). They never sit under a
 * blob's name.
 */

/** A fresh path in `dir` for a partial file, registered for cleanup. */
export function newTempPath(dir: string, suffix = '.partial'): string {
  mkdirSync(dir, { recursive: true });
  const p = join(dir, `${process.pid}-${randomBytes(6).toString('hex')}${suffix}`);
  removeOnExit(p);
  return p;
}

/** The partial file was renamed into place or deleted: stop tracking it. */
export function releaseTempPath(p: string): void {
  keepOnExit(p);
}

/** Deletes the partial file (if any) and stops tracking it. */
export function discardTempPath(p: string): void {
  try {
    unlinkSync(p);
  } catch {
    // already gone
  }
  releaseTempPath(p);
}

/** Removes partial files left by processes that no longer run. Returns their paths. */
export function removeStaleTemps(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const pid = Number(/^(\d+)-/.exec(name)?.[1]);
    if (!pid || processAlive(pid)) continue;
    const p = join(dir, name);
    rmSync(p, { force: true, recursive: true });
    removed.push(p);
  }
  return removed;
}
