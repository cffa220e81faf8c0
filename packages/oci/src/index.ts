/**
 * @mfc/oci — the artifact model shared by export/import and the registry client.
 *
 * - Media types: one catalogue per format (`OciMediaType`, `DockerMediaType`,
 *   `OllamaMediaType` = the store's, `ModelPackMediaType`, `LegacyCnaiMediaType`,
 *   `DockerAiMediaType`, `KitOpsMediaType`) and `Annotation` keys.
 * - Types: `Descriptor`, `ImageManifest` (Docker schema2 or OCI, with
 *   `artifactType`/`subject`), `ImageIndex`.
 * - `parseManifest` / `parseIndex` / `parseDescriptor` validate JSON and throw
 *   MfcError (`OCI_BAD_JSON` with a byte offset, `OCI_BAD_MANIFEST` naming the
 *   JSON path such as `manifest.layers[2].digest`); `encodeManifest` /
 *   `encodeIndex` give canonical compact bytes (image-spec field order,
 *   annotation keys sorted). Ollama manifests are never re-encoded here: keep
 *   their bytes.
 * - Digests: `sha256Digest`, `parseDigest`, `isDigest`, `digestHex` (from the
 *   store), `descriptorFor(bytes)`, `layoutBlobPath` (`blobs/sha256/<hex>`).
 * - `VerifyStream` / `verifyStream(descriptor, name)`: a pass-through Transform
 *   that fails with `OCI_SIZE_MISMATCH` as soon as more bytes than declared
 *   arrive, and with `OCI_DIGEST_MISMATCH`/`OCI_SIZE_MISMATCH` at the end.
 * - `detectFormat(manifest)`: ollama | modelpack | cnai | docker | kitops | unknown.
 */
export {
  OciMediaType,
  DockerMediaType,
  OllamaMediaType,
  ModelPackMediaType,
  LegacyCnaiMediaType,
  DockerAiMediaType,
  KitOpsMediaType,
  Annotation,
  EMPTY_JSON_DIGEST,
  kitOpsLayerKind,
  type ArtifactFormat,
} from './media-types.js';
export {
  parseJson,
  parseDescriptor,
  parseManifest,
  parseIndex,
  encodeManifest,
  encodeIndex,
  type Descriptor,
  type ImageManifest,
  type ImageIndex,
  type ParseOptions,
} from './types.js';
export { sha256Digest, parseDigest, isDigest, digestHex, type Digest } from '@mfc/store';
export { descriptorFor, layoutBlobPath, VerifyStream, verifyStream } from './digest.js';
export { detectFormat } from './detect.js';
export type { ArtifactBlob, ConvertedArtifact, ReadBlob } from './artifact.js';
export { toModelPack, type OllamaModel } from './to-modelpack.js';
export { toDocker } from './to-docker.js';
export {
  fromModelPack,
  fromDocker,
  fromKitOps,
  foreignConverter,
  type ForeignAccess,
  type OllamaArtifact,
} from './to-ollama.js';
export {
  OLLAMA_CONFIG_FILE,
  OLLAMA_MANIFEST_FILE,
  OLLAMA_MEDIATYPE_ANNOTATION,
} from './ollama-layers.js';
export {
  planExport,
  convertStoredModel,
  EXPORT_FORMATS,
  type ExportFormat,
  type ExportPlan,
  type LayoutBlob,
} from './export.js';
export { writeLayoutTar, writeLayoutDir, planBytes, type WriteProgress } from './layout-write.js';
export {
  readLayoutTar,
  readLayoutDir,
  checkEntryName,
  MAX_JSON_BYTES,
  type LayoutSource,
} from './layout-read.js';
export { importLayout, listLayout, type ImportedModel, type LayoutEntry } from './import.js';
export { importPulledArtifact } from './pull-import.js';
export { ociErrors, ociError, type OciErrorCode } from './errors.js';
