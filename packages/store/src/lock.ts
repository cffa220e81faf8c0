import { createHash } from 'node:crypto';
import { link, mkdir, open, readFile, readdir, rename, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { storeError } from './error-codes.js';
import { processAlive, thisHost } from './pid.js';

export interface LockOwner {
  pid: number;
  host: string;
  purpose: string;
  since: string;
}

export interface HeldLock {
  path: string;
  release(): Promise<void>;
}

export interface AcquireOptions {
  /** How long to wait for another holder; default 10 minutes. 0 = fail at once. */
  timeoutMs?: number;
  /** Called once when we start waiting for another process. */
  onWait?: (owner: LockOwner | undefined) => void;
}

async function readOwner(path: string): Promise<LockOwner | undefined> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as LockOwner;
  } catch {
    return undefined;
  }
}

/** A lock is stale when its owner was on this machine and is gone. */
function isStale(owner: LockOwner | undefined): boolean {
  if (!owner) return false;
  return owner.host === thisHost && !processAlive(owner.pid);
}

/** An unreadable lock (its owner died between creating and writing it) is stale after this long. */
const UNREADABLE_LOCK_GRACE_MS = 10_000;

async function olderThan(path: string, ms: number): Promise<boolean> {
  try {
    return Date.now() - (await stat(path)).mtimeMs > ms;
  } catch {
    return false;
  }
}

/**
 * Removes a stale lock without racing another remover: the lock is renamed to
 * a private name first (only one rename wins) and, if what we took turns out
 * not to be the stale lock we saw (someone replaced it meanwhile), it is put
 * back with `link`, which never overwrites.
 */
async function breakStaleLock(path: string, seen: LockOwner | undefined): Promise<void> {
  const aside = `${path}.stale-${process.pid}-${Date.now()}`;
  try {
    await rename(path, aside);
  } catch {
    return;
  }
  const taken = await readOwner(aside);
  const same = seen ? taken?.pid === seen.pid && taken?.since === seen.since : taken === undefined;
  if (!same) {
    await link(aside, path).catch(() => {});
  }
  await unlink(aside).catch(() => {});
}

/**
 * An exclusive lock file (`open(…, 'wx')`) holding the owner's pid. Waits
 * while a live process holds it; takes over locks of dead processes.
 */
export async function acquireLock(
  path: string,
  purpose: string,
  options: AcquireOptions = {},
): Promise<HeldLock> {
  const timeout = options.timeoutMs ?? 10 * 60_000;
  const deadline = Date.now() + timeout;
  const me: LockOwner = {
    pid: process.pid,
    host: thisHost,
    purpose,
    since: new Date().toISOString(),
  };
  let waited = false;
  await mkdir(join(path, '..'), { recursive: true });
  while (true) {
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
          const owner = await readOwner(path);
          if (owner && owner.pid === me.pid && owner.since === me.since)
            await unlink(path).catch(() => {});
        },
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const owner = await readOwner(path);
    if (
      isStale(owner) ||
      (owner === undefined && (await olderThan(path, UNREADABLE_LOCK_GRACE_MS)))
    ) {
      await breakStaleLock(path, owner);
      continue;
    }
    if (Date.now() >= deadline) {
      throw storeError(
        'STORE_LOCKED',
        owner
          ? `${owner.purpose} is in progress (pid ${owner.pid} on ${owner.host})`
          : 'the store is locked',
        {
          location: { file: path },
          hint: 'wait for it to finish, or remove the lock file if that process is gone',
        },
      );
    }
    if (!waited) {
      waited = true;
      options.onWait?.(owner);
    }
    await sleep(50 + Math.random() * 100);
  }
}

/** Owners of live lock files in a folder (stale ones are ignored). */
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
    const owner = await readOwner(p);
    if (owner && !isStale(owner)) owners.push(owner);
  }
  return owners;
}

/** The lock-file name for a model name: case-insensitive, because the store reuses names that way. */
export function nameLockFile(fullName: string): string {
  return `name-${createHash('sha256').update(fullName.toLowerCase()).digest('hex').slice(0, 32)}.lock`;
}

export const STORE_LOCK_FILE = 'store.lock';
