import { createHash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { digestHex, sha256Digest, type Digest } from '@mfc/store';
import { ociError } from './errors.js';
import type { Descriptor } from './types.js';

/** A descriptor for bytes in memory. */
export function descriptorFor(
  mediaType: string,
  data: Uint8Array,
  annotations?: Record<string, string>,
): Descriptor {
  return {
    mediaType,
    digest: sha256Digest(data),
    size: data.length,
    ...(annotations ? { annotations } : {}),
  };
}

/** The path of a blob inside an OCI image layout: `blobs/sha256/<hex>`. */
export function layoutBlobPath(digest: Digest): string {
  return `blobs/sha256/${digestHex(digest)}`;
}

/**
 * A pass-through stream that hashes and counts what flows through it and fails
 * (instead of ending) when the bytes are not `expected`: more bytes than the
 * size fail at once, so a lying archive never makes anyone buffer or write more.
 * `name` is the archive entry or file reported in the error.
 */
export class VerifyStream extends Transform {
  private readonly hash = createHash('sha256');
  private seen = 0;

  constructor(
    readonly expected: Pick<Descriptor, 'digest' | 'size'>,
    readonly name: string,
  ) {
    super();
  }

  get bytesSeen(): number {
    return this.seen;
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    this.seen += chunk.length;
    if (this.seen > this.expected.size) {
      cb(
        ociError(
          'OCI_SIZE_MISMATCH',
          `${this.name}: more than the ${this.expected.size} bytes its descriptor declares`,
          { file: this.name, byteOffset: this.expected.size },
        ),
      );
      return;
    }
    this.hash.update(chunk);
    cb(null, chunk);
  }

  override _flush(cb: TransformCallback): void {
    if (this.seen !== this.expected.size) {
      cb(
        ociError(
          'OCI_SIZE_MISMATCH',
          `${this.name}: ${this.seen} bytes, but its descriptor declares ${this.expected.size}`,
          { file: this.name, byteOffset: this.seen },
        ),
      );
      return;
    }
    const actual: Digest = `sha256:${this.hash.digest('hex')}`;
    if (actual !== this.expected.digest) {
      cb(
        ociError(
          'OCI_DIGEST_MISMATCH',
          `${this.name}: digest mismatch, expected ${this.expected.digest}, got ${actual}`,
          { file: this.name },
        ),
      );
      return;
    }
    cb();
  }
}

export function verifyStream(expected: Pick<Descriptor, 'digest' | 'size'>, name: string) {
  return new VerifyStream(expected, name);
}
