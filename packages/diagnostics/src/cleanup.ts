import { mkdirSync, rmSync, unlinkSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';

/**
 * Partial outputs of this process — temporary files and work folders, in the
 * store or beside the user's files. On SIGINT/SIGTERM/SIGHUP and at exit they
 * are deleted (folders with their contents) before the process dies; then the
 * process dies of the same signal, as if nobody had been listening. One
 * registry for every package, so no signal handler forgets another's files.
 */
const live = new Set<string>();
const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
let installed = false;

function removeAllSync(): void {
  for (const p of live) {
    try {
      rmSync(p, { force: true, recursive: true });
    } catch {
      // best effort while dying
    }
  }
  live.clear();
}

function onSignal(signal: NodeJS.Signals): void {
  removeAllSync();
  uninstall();
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

/** Deletes `path` (a file or a folder) if the process is interrupted or exits before `keepOnExit`. */
export function removeOnExit(path: string): void {
  live.add(path);
  install();
}

/** `path` was renamed into place or removed: stop tracking it. */
export function keepOnExit(path: string): void {
  live.delete(path);
  if (live.size === 0) uninstall();
}

/** The paths currently registered (for tests and diagnostics). */
export function pendingCleanup(): string[] {
  return [...live];
}

/**
 * The one naming scheme for partial files: `<pid>-<12 hex>.partial`, prefixed with
 * `.<name>.` when it sits beside the file it will become (hidden, and says what it is for).
 * The pid lets a later process tell a dead writer's leftovers (`tempFileOwner`).
 */
export function tempFileName(forName?: string): string {
  const prefix = forName ? `.${forName.slice(0, 100)}.` : '';
  return `${prefix}${process.pid}-${randomBytes(6).toString('hex')}.partial`;
}

const TEMP_NAME = /^(?:\..+\.)?(\d+)-[0-9a-f]{12}\.partial$/;

/** Whether `name` (a base name) is a partial file of `tempFileName`'s scheme. */
export function isTempFileName(name: string): boolean {
  return TEMP_NAME.test(name);
}

/** The pid that wrote the partial file `name` (a base name), if it is one. */
export function tempFileOwner(name: string): number | undefined {
  const m = TEMP_NAME.exec(name);
  return m ? Number(m[1]) : undefined;
}

/**
 * A fresh path in `dir` for a partial file (`tempFileName`), registered for cleanup.
 * `forName`: the base name of the file it will become, when it is beside it.
 */
export function newTempPath(dir: string, forName?: string): string {
  mkdirSync(dir, { recursive: true });
  const p = join(dir, tempFileName(forName));
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
