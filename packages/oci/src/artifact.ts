import type { Descriptor } from './types.js';

/**
 * A blob of an artifact being written: either one that already exists where
 * the artifact comes from (a store blob, a layout blob) or bytes a conversion
 * made (a config, a params file), carried in `data`.
 */
export interface ArtifactBlob {
  descriptor: Descriptor;
  data?: Buffer;
}

/** One manifest and every blob it needs, ready to be written or pushed. */
export interface ConvertedArtifact {
  /** The manifest's media type (for the index descriptor and `Content-Type`). */
  mediaType: string;
  /** The manifest's bytes: never re-encoded after this point. */
  manifestBytes: Buffer;
  /** The config and the layers, in manifest order, each once. */
  blobs: ArtifactBlob[];
  /** What the target format has no place for, by name (e.g. `system prompt`). */
  notCarried: string[];
}

/** Reads a (small) blob of the artifact being converted: configs, params, manifests. */
export type ReadBlob = (descriptor: Descriptor) => Promise<Buffer>;
