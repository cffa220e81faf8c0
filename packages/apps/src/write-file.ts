/** Atomic writes are the shared safe-fs layer's (temp file, fsync, rename, fsync of the folder). */
export { writeFileAtomic } from '@mfc/diagnostics';
