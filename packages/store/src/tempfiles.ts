import { mkdirSync, readdirSync, rmSync, unlinkSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { processAlive } from './pid.js';

/**
 * Partial files being written by this process. On SIGINT/SIGTERM/SIGHUP and
 * at exit they are deleted before the process dies; after a SIGKILL they stay
 * in `.mfc/tmp/` named after the dead pid, and the next store operation
 * removes them (`removeStaleTemps`). They never sit under a blob's name.
 */
const live = new Set<string>();
const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
let installed = false;

function removeAllSync(): void {
  for (const p of live) {
    try {
      rmSync(p, { force: true });
    } catch {
      // best effort while dying
    }
  }
  live.clear();
}

function onSignal(signal: NodeJS.Signals): void {
  removeAllSync();
  uninstall();
  // Die of the same signal, as if nobody had been listening.
  process.kill(process.pid, signal);
}

function install(): void {
  if (installed) return;
  installed = true;
  for (const s of signals) process.on(s, onSignal);
  process.on('exit', removeAllSync);
}

function uninstall(): void {
  if (!installed) return;
  installed = false;
  for (const s of signals) process.removeListener(s, onSignal);
  process.removeListener('exit', removeAllSync);
}

/** A fresh path in `dir` for a partial file, registered for cleanup. */
export function newTempPath(dir: string, suffix = '.partial'): string {
  mkdirSync(dir, { recursive: true });
  const p = join(dir, `${process.pid}-${randomBytes(6).toString('hex')}${suffix}`);
  live.add(p);
  install();
  return p;
}

/** The partial file was renamed into place or deleted: stop tracking it. */
export function releaseTempPath(p: string): void {
  live.delete(p);
  if (live.size === 0) uninstall();
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
