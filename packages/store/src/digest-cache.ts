import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import type { BigIntStats } from 'node:fs';
import { join } from 'node:path';
import { isDigest, parseDigest, type Digest } from './digest.js';
import { newTempPath, releaseTempPath, discardTempPath } from './tempfiles.js';

/**
 * Remembers the SHA-256 of files mfc has read, keyed by device and inode and
 * checked against size, mtime and ctime (nanoseconds). A rebuild from the same
 * multi-GB GGUF then neither re-reads nor re-copies it when its blob exists.
 * Any change to the file changes its ctime, which invalidates the entry.
 */
export class DigestCache {
  constructor(
    private readonly dir: string,
    private readonly tmpDir: string,
  ) {}

  private keyPath(st: BigIntStats): string {
    return join(this.dir, `${st.dev}-${st.ino}.json`);
  }

  private static fingerprint(st: BigIntStats): string {
    return `${st.size}:${st.mtimeNs}:${st.ctimeNs}`;
  }

  async get(st: BigIntStats): Promise<Digest | undefined> {
    try {
      const entry = JSON.parse(await readFile(this.keyPath(st), 'utf8')) as {
        fingerprint?: string;
        digest?: string;
      };
      if (entry.fingerprint !== DigestCache.fingerprint(st)) return undefined;
      if (typeof entry.digest !== 'string' || !isDigest(entry.digest)) return undefined;
      return parseDigest(entry.digest);
    } catch {
      return undefined;
    }
  }

  async set(st: BigIntStats, digest: Digest): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const tmp = newTempPath(this.tmpDir, '.json');
    try {
      await writeFile(tmp, JSON.stringify({ fingerprint: DigestCache.fingerprint(st), digest }));
      await rename(tmp, this.keyPath(st));
      releaseTempPath(tmp);
    } catch {
      // The cache is an optimisation; failing to write it is not an error.
      discardTempPath(tmp);
    }
  }
}
