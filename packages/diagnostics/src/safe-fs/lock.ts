import { readFileSync } from 'node:fs';
import { link, mkdir, open, readFile, readdir, rename, rm, stat } from 'node:fs/promises';
import { hostname } from 'node:os';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { MfcError } from '../errors.js';

/*
 * One lock: an exclusive file (`open(…, 'wx')`) holding its owner as JSON. The rule for a
 * stale lock is the stronger of the two mfc had (the store's and llama.cpp provisioning's):
 * a lock is stale only when its owner was on this machine and is gone — its pid is not
 * running, or runs with another start time than the owner recorded (the pid was reused).
 * A live holder is never taken over, however long it works (the other lock's "older than
 * 60 minutes" rule took over slow cmake builds). A lock that cannot be read (its owner died
 * between creating and writing it) is stale after a short grace period.
 */

export interface LockOwner {
  pid: number;
  host: string;
  purpose: string;
  since: string;
  /** The owner process's start time (Linux: clock ticks after boot), to tell a reused pid. */
  start?: string;
}

export interface HeldLock {
  path: string;
  release(): Promise<void>;
}

export interface LockOptions {
  /** How long to wait for another holder; default 10 minutes. 0 = fail at once. */
  timeoutMs?: number;
  /** Poll interval while waiting (default 50–150 ms, randomised). */
  pollMs?: number;
  /** Called once when we start waiting for another process. */
  onWait?: (owner: LockOwner | undefined) => void;
  /** The error when the wait times out (default a `LOCK_TIMEOUT` MfcError naming the owner). */
  busyError?: (owner: LockOwner | undefined, path: string) => Error;
}

/** This machine's name, as lock owners record it. */
export const thisHost = hostname();

/** Whether a process with this id exists on this machine (signal 0 probes without killing). */
export function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** When process `pid` started (field 22 of /proc/PID/stat), or undefined where unknown. */
export function processStartTime(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces and parentheses) start at field 3.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

let myStart: string | undefined | null = null;

/** A lock is stale when its owner was on this machine and is gone (dead pid, or a reused one). */
export function isStaleOwner(owner: LockOwner | undefined): boolean {
  if (!owner || owner.host !== thisHost) return false;
  if (!processAlive(owner.pid)) return true;
  if (owner.start === undefined) return false;
  const now = processStartTime(owner.pid);
  return now !== undefined && now !== owner.start;
}

/** An unreadable lock (its owner died between creating and writing it) is stale after this long. */
const UNREADABLE_LOCK_GRACE_MS = 10_000;

/** The owner recorded in a lock file, or undefined when it cannot be read. */
export async function readLockOwner(path: string): Promise<LockOwner | undefined> {
  try {
    const owner = JSON.parse(await readFile(path, 'utf8')) as LockOwner;
    return typeof owner?.pid === 'number' ? owner : undefined;
  } catch {
    return undefined;
  }
}

async function olderThan(path: string, ms: number): Promise<boolean> {
  try {
    return Date.now() - (await stat(path)).mtimeMs > ms;
  } catch {
    return false;
  }
}

/**
 * Removes a stale lock without racing another remover: the lock is renamed to a private
 * name first (only one rename wins) and, if what we took turns out not to be the stale lock
 * we saw (someone replaced it meanwhile), it is put back with `link`, which never overwrites.
 */
async function breakStaleLock(path: string, seen: LockOwner | undefined): Promise<void> {
  const aside = `${path}.stale-${process.pid}-${Date.now()}`;
  try {
    await rename(path, aside);
  } catch {
    return;
  }
  const taken = await readLockOwner(aside);
  const same = seen ? taken?.pid === seen.pid && taken?.since === seen.since : taken === undefined;
  if (!same) await link(aside, path).catch(() => {});
  // A folder: the lock of an older mfc (llama.cpp provisioning used `mkdir`).
  await rm(aside, { force: true, recursive: true }).catch(() => {});
}

function defaultBusyError(owner: LockOwner | undefined, path: string): Error {
  return new MfcError(
    'LOCK_TIMEOUT',
    owner
      ? `timed out waiting for the lock ${path}: ${owner.purpose} is in progress (pid ${owner.pid} on ${owner.host})`
      : `timed out waiting for the lock ${path}`,
    { hint: 'another mfc process holds it; if none is running, delete that file' },
  );
}

/** Takes the lock at `path`, waiting while a live process holds it; takes over stale locks. */
export async function acquireLock(
  path: string,
  purpose: string,
  options: LockOptions = {},
): Promise<HeldLock> {
  const timeout = options.timeoutMs ?? 10 * 60_000;
  const deadline = Date.now() + timeout;
  if (myStart === null) myStart = processStartTime(process.pid);
  const me: LockOwner = {
    pid: process.pid,
    host: thisHost,
    purpose,
    since: new Date().toISOString(),
    ...(myStart !== undefined && { start: myStart }),
  };
  let waited = false;
  await mkdir(dirname(path), { recursive: true });
  for (;;) {
    try {
      const fh = await open(path, 'wx', 0o644);
      try {
        await fh.writeFile(JSON.stringify(me));
      } finally {
        await fh.close();
      }
      let released = false;
      return {
        path,
        async release() {
          if (released) return;
          released = true;
          const owner = await readLockOwner(path);
          if (owner && owner.pid === me.pid && owner.since === me.since)
            await rm(path, { force: true });
        },
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const owner = await readLockOwner(path);
    if (
      isStaleOwner(owner) ||
      (owner === undefined && (await olderThan(path, UNREADABLE_LOCK_GRACE_MS)))
    ) {
      await breakStaleLock(path, owner);
      continue;
    }
    if (Date.now() >= deadline) throw (options.busyError ?? defaultBusyError)(owner, path);
    if (!waited) {
      waited = true;
      options.onWait?.(owner);
    }
    await sleep(options.pollMs ?? 50 + Math.random() * 100);
  }
}

/** Runs `fn` while holding the lock at `path`. */
export async function withLock<T>(
  path: string,
  purpose: string,
  fn: () => Promise<T>,
  options: LockOptions = {},
): Promise<T> {
  const lock = await acquireLock(path, purpose, options);
  try {
    return await fn();
  } finally {
    await lock.release();
  }
}

/** Owners of live lock files (`*.lock`) in a folder; stale ones are ignored. */
export async function liveLocks(dir: string, except?: string): Promise<LockOwner[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  const owners: LockOwner[] = [];
  for (const name of names) {
    if (!name.endsWith('.lock')) continue;
    const p = join(dir, name);
    if (p === except) continue;
    const owner = await readLockOwner(p);
    if (owner && !isStaleOwner(owner)) owners.push(owner);
  }
  return owners;
}
