import { chmod, open, rename, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { discardTempPath, newTempPath, releaseTempPath } from '@mfc/diagnostics';

/**
 * Replaces a user's file atomically: the bytes go to a temporary name in the
 * same folder (registered with the shared signal cleanup, so Ctrl-C leaves
 * nothing behind), are fsynced, get the file's mode, and are renamed over it.
 * A reader sees the old file or the new one, never half of it.
 */
export async function replaceFileAtomically(path: string, bytes: Uint8Array): Promise<void> {
  const tmp = newTempPath(dirname(path), '.mfc-tmp');
  try {
    const handle = await open(tmp, 'wx');
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    const mode = await stat(path).then(
      (s) => s.mode & 0o7777,
      () => undefined,
    );
    if (mode !== undefined) await chmod(tmp, mode);
    await rename(tmp, path);
    releaseTempPath(tmp);
  } catch (err) {
    discardTempPath(tmp);
    throw err;
  }
}
