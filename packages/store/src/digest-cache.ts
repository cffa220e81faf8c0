import type { BigIntStats } from 'node:fs';
import { DigestMemo } from '@mfc/diagnostics';
import { isDigest, parseDigest, type Digest } from './digest.js';

/**
 * Remembers the SHA-256 of files mfc has read (the shared `DigestMemo`: keyed by device and
 * inode, checked against size, mtime and ctime in nanoseconds). A rebuild from the same
 * multi-GB GGUF then neither re-reads nor re-copies it when its blob exists.
 */
export class DigestCache {
  private readonly memo: DigestMemo;

  constructor(dir: string, tmpDir: string) {
    this.memo = new DigestMemo(dir, tmpDir);
  }

  async get(st: BigIntStats): Promise<Digest | undefined> {
    const digest = await this.memo.get(st);
    return digest !== undefined && isDigest(digest) ? parseDigest(digest) : undefined;
  }

  async set(st: BigIntStats, digest: Digest): Promise<void> {
    await this.memo.set(st, digest);
  }
}
