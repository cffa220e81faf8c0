import { open, rename } from 'node:fs/promises';
import { dirname } from 'node:path';
import { discardTempPath, newTempPath, releaseTempPath } from '@mfc/store';

/** Writes a file under a temporary name in its folder, fsyncs it and renames it into place. */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const tmp = newTempPath(dirname(path), '.partial');
  try {
    const fh = await open(tmp, 'w');
    try {
      await fh.writeFile(data);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, path);
    releaseTempPath(tmp);
  } catch (err) {
    discardTempPath(tmp);
    throw err;
  }
}
