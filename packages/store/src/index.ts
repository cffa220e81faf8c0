export {
  sha256Digest,
  parseDigest,
  isDigest,
  digestFileName,
  digestHex,
  type Digest,
} from './digest.js';
export {
  parseName,
  parseNameBare,
  parseModelName,
  nameProblem,
  isValidName,
  displayShortest,
  displayFull,
  sameNameIgnoringCase,
  adoptExistingSpelling,
  DEFAULT_HOST,
  DEFAULT_NAMESPACE,
  DEFAULT_TAG,
  type ModelName,
} from './name.js';
export { StoreLayout, resolveModelsDir } from './layout.js';
export { MediaType } from './media-types.js';
export { encodeManifest, decodeManifest, type Layer, type Manifest } from './manifest.js';
export { encodeConfig, decodeConfig, type ModelConfig, type DraftConfig } from './config.js';
export {
  BlobStore,
  type StagedBlob,
  type IngestOptions,
  type IngestProgress,
  type IngestResult,
} from './blobs.js';
export { hashFile, hashCopyFile } from './hashcopy.js';
export { newTempPath, releaseTempPath, discardTempPath } from './tempfiles.js';
export { acquireLock, type HeldLock, type LockOwner, type AcquireOptions } from './lock.js';
export { Store, openStore, type StoredModel, type PruneResult } from './store.js';
export { storeErrors, storeError, type StoreErrorCode } from './error-codes.js';
