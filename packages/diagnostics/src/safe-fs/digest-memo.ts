import { createHash } from 'node:crypto';
import { createReadStream, type BigIntStats } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { writeFileAtomic } from './atomic.js';

/** `sha256:<hex>` of a file, streamed. */
export async function fileSha256(path: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(path, { highWaterMark: 4 << 20 }), hash);
  return `sha256:${hash.digest('hex')}`;
}

/**
 * Remembers the digests of files mfc has read, one small JSON file per file in `dir`, keyed
 * by device and inode and checked against size, mtime and ctime (nanoseconds). Any change
 * to a file changes its ctime (even a write that restores the mtime), which invalidates the
 * entry; a file replaced by rename has another inode. Hashing a multi-GB model costs
 * seconds: a rebuild from the same file pays it once.
 */
export class DigestMemo {
  /** `tmpDir`: where entries are written before the rename (default `dir`). */
  constructor(
    readonly dir: string,
    private readonly tmpDir?: string,
  ) {}

  private keyPath(st: BigIntStats): string {
    return join(this.dir, `${st.dev}-${st.ino}.json`);
  }

  private static fingerprint(st: BigIntStats): string {
    return `${st.size}:${st.mtimeNs}:${st.ctimeNs}`;
  }

  /** The remembered digest of the file whose (bigint) stats are `st`, if still valid. */
  async get(st: BigIntStats): Promise<string | undefined> {
    try {
      const entry = JSON.parse(await readFile(this.keyPath(st), 'utf8')) as {
        fingerprint?: string;
        digest?: string;
      };
      if (entry.fingerprint !== DigestMemo.fingerprint(st)) return undefined;
      return typeof entry.digest === 'string' ? entry.digest : undefined;
    } catch {
      return undefined;
    }
  }

  /** Remembers `digest` for the file whose stats are `st`. Never fails: the memo is an optimisation. */
  async set(st: BigIntStats, digest: string): Promise<void> {
    try {
      await writeFileAtomic(
        this.keyPath(st),
        JSON.stringify({ fingerprint: DigestMemo.fingerprint(st), digest }),
        { tmpDir: this.tmpDir, sync: false },
      );
    } catch {
      // not remembered
    }
  }

  /** The digest of the file at `path`: remembered, or hashed (`hash`, default SHA-256) and remembered. */
  async digest(
    path: string,
    hash: (path: string) => Promise<string> = fileSha256,
  ): Promise<string> {
    const before = await stat(path, { bigint: true });
    const known = await this.get(before);
    if (known !== undefined) return known;
    const digest = await hash(path);
    // Remember it only if the file did not change while it was read.
    const after = await stat(path, { bigint: true });
    if (
      DigestMemo.fingerprint(after) === DigestMemo.fingerprint(before) &&
      after.ino === before.ino
    )
      await this.set(after, digest);
    return digest;
  }
}
