/*
 * The one safe-filesystem layer every package writes through (exported by @mfc/diagnostics).
 *
 * - Atomic writes (`writeFileAtomic`, `writeStreamAtomic`, `AtomicFile`, `copyFileAtomic`,
 *   `withTempPath`): a temporary file named by the one scheme of `tempFileName`
 *   (`[.<name>.]<pid>-<hex>.partial`) in the target's folder or a private folder on the same
 *   file system, written, fsynced, renamed into place, then the folder fsynced. The temp path
 *   is registered with the shared SIGINT/SIGTERM/SIGHUP/exit cleanup (../cleanup.ts) until it
 *   is renamed or removed; on any error it is removed and the target is untouched.
 * - One lock (`acquireLock`, `withLock`): see lock.ts for the staleness rule.
 * - One digest memo (`DigestMemo`) keyed on device, inode, size, mtime and ctime.
 *
 * It lives in @mfc/diagnostics rather than in a package of its own because the signal cleanup
 * registry, the temp-file naming and the disk-full errors its callers raise already live
 * here, and every package already depends on diagnostics: no new workspace edges in a dozen
 * manifests and the lockfile while others edit them. It imports only node: built-ins.
 *
 * Why not the npm packages: `write-file-atomic` fsyncs the file but not the folder, names its
 * temp files its own way (murmurhash of the path plus an invocation counter) so a later
 * process cannot tell a dead writer's leftovers nor can prune count them, has its own
 * signal-exit handler beside ours (so two registries), and takes only whole buffers, not
 * streams or a file handle for positional writes (the GGUF rewriter) or a path a program
 * fills (llama-quantize). `proper-lockfile` decides staleness by an mtime it refreshes on a
 * timer (a live holder whose event loop is blocked for `stale` ms — hashing or copying a
 * multi-GB file — loses its lock) and needs a lock folder next to the file; mfc's rule (pid +
 * start time on this host) never takes over a live holder and needs no timer.
 */
export {
  AtomicFile,
  commitRename,
  copyFileAtomic,
  syncDir,
  syncPath,
  tempPathFor,
  withAtomicFile,
  withTempPath,
  writeFileAtomic,
  writeFileAtomicSync,
  writeStreamAtomic,
  type AtomicOptions,
} from './atomic.js';
export {
  acquireLock,
  isStaleOwner,
  liveLocks,
  processAlive,
  processStartTime,
  readLockOwner,
  thisHost,
  withLock,
  type HeldLock,
  type LockOptions,
  type LockOwner,
} from './lock.js';
export { DigestMemo, fileSha256 } from './digest-memo.js';
