import { createHash } from 'node:crypto';
import {
  acquireLock as acquireFileLock,
  liveLocks as sharedLiveLocks,
  type HeldLock,
  type LockOwner,
} from '@mfc/diagnostics';
import { storeError } from './error-codes.js';

export type { LockOwner, HeldLock };

export interface AcquireOptions {
  /** How long to wait for another holder; default 10 minutes. 0 = fail at once. */
  timeoutMs?: number;
  /** Called once when we start waiting for another process. */
  onWait?: (owner: LockOwner | undefined) => void;
}

/**
 * The store's locks are the shared lock of @mfc/diagnostics (an exclusive file holding its
 * owner; stale when the owner's process is gone): waits while a live process holds it, takes
 * over locks of dead processes, and reports a busy store as `STORE_LOCKED`.
 */
export async function acquireLock(
  path: string,
  purpose: string,
  options: AcquireOptions = {},
): Promise<HeldLock> {
  return acquireFileLock(path, purpose, {
    ...options,
    busyError: (owner) =>
      storeError(
        'STORE_LOCKED',
        owner
          ? `${owner.purpose} is in progress (pid ${owner.pid} on ${owner.host})`
          : 'the store is locked',
        {
          location: { file: path },
          hint: 'wait for it to finish, or remove the lock file if that process is gone',
        },
      ),
  });
}

/** Owners of live lock files in a folder (stale ones are ignored). */
export const liveLocks = sharedLiveLocks;

/** The lock-file name for a model name: case-insensitive, because the store reuses names that way. */
export function nameLockFile(fullName: string): string {
  return `name-${createHash('sha256').update(fullName.toLowerCase()).digest('hex').slice(0, 32)}.lock`;
}

export const STORE_LOCK_FILE = 'store.lock';
