import { createHash } from 'node:crypto';
import { storeError } from './error-codes.js';

/** `sha256:` + 64 lowercase hex digits — how manifests name blobs. */
export type Digest = `sha256:${string}`;

const DIGEST_PATTERN = /^sha256[:-]([0-9a-fA-F]{64})$/;

export function sha256Digest(data: string | Uint8Array): Digest {
  return `sha256:${createHash('sha256').update(data).digest('hex')}`;
}

/** Accepts `sha256:<hex>` or `sha256-<hex>` (any case), returns the canonical form. */
export function parseDigest(text: string): Digest {
  const m = DIGEST_PATTERN.exec(text);
  if (!m) {
    throw storeError('STORE_BAD_DIGEST', `invalid digest '${text}'`, {
      hint: 'expected sha256:<64 hex digits>',
    });
  }
  return `sha256:${m[1].toLowerCase()}`;
}

export function isDigest(text: string): boolean {
  return DIGEST_PATTERN.test(text);
}

/** The blob's file name: `sha256-<hex>`. */
export function digestFileName(digest: Digest): string {
  return digest.replace(':', '-');
}

export function digestHex(digest: Digest): string {
  return digest.slice('sha256:'.length);
}
