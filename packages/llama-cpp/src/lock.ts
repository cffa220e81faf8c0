import { withLock } from '@mfc/diagnostics';

export interface LockOptions {
  /** Give up waiting after this long (default 30 minutes: a cmake fallback build is slow). */
  timeoutMs?: number;
  /** Poll interval while waiting (default 100 ms). */
  pollMs?: number;
}

/**
 * Runs `fn` while holding an exclusive lock across processes: the shared lock of
 * @mfc/diagnostics (a file holding its owner; a lock left by a dead process is taken over,
 * never one for its age: a slow build keeps its lock). Waiting too long fails with `LOCK_TIMEOUT`.
 */
export async function withFileLock<T>(
  lockPath: string,
  fn: () => Promise<T>,
  options: LockOptions = {},
): Promise<T> {
  const { timeoutMs = 30 * 60_000, pollMs = 100 } = options;
  return withLock(lockPath, 'building llama.cpp tools', fn, { timeoutMs, pollMs });
}
