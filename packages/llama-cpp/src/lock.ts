import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { llamaCppError } from './error-codes.js';

export interface LockOptions {
  /** Give up waiting after this long (default 30 minutes: a cmake fallback build is slow). */
  timeoutMs?: number;
  /** A lock older than this whose owner cannot be checked is taken over (default 60 minutes). */
  staleMs?: number;
  /** Poll interval while waiting (default 100 ms). */
  pollMs?: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** True when the lock's owner is gone (same host, dead pid) or the lock is too old. */
async function isStale(dir: string, staleMs: number): Promise<boolean> {
  try {
    const owner = JSON.parse(await readFile(join(dir, 'owner.json'), 'utf8')) as {
      pid: number;
      host: string;
    };
    if (owner.host === hostname() && !processAlive(owner.pid)) return true;
  } catch {
    // The owner file is written right after mkdir; give a fresh lock a moment.
  }
  try {
    return Date.now() - (await stat(dir)).mtimeMs > staleMs;
  } catch {
    return false;
  }
}

/**
 * Runs `fn` while holding an exclusive lock across processes. The lock is a
 * directory (`mkdir` is atomic) holding the owner's pid; a lock left behind
 * by a dead process is taken over.
 */
export async function withFileLock<T>(
  lockDir: string,
  fn: () => Promise<T>,
  options: LockOptions = {},
): Promise<T> {
  const { timeoutMs = 30 * 60_000, staleMs = 60 * 60_000, pollMs = 100 } = options;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await mkdir(lockDir);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      if (await isStale(lockDir, staleMs)) {
        await rm(lockDir, { recursive: true, force: true });
        continue;
      }
      if (Date.now() > deadline) {
        throw llamaCppError('LOCK_TIMEOUT', `timed out waiting for the lock ${lockDir}`, {
          hint: 'another mfc process holds it; if none is running, delete that folder',
        });
      }
      await sleep(pollMs);
    }
  }
  try {
    await writeFile(
      join(lockDir, 'owner.json'),
      JSON.stringify({ pid: process.pid, host: hostname() }),
    );
    return await fn();
  } finally {
    await rm(lockDir, { recursive: true, force: true });
  }
}
