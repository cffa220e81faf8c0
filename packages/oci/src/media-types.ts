import { MediaType as OllamaStoreTypes } from '@mfc/store';

/**
 * Every media type mfc reads or writes, grouped by the format that defines it.
 * Ollama's types are the store's own catalogue (`@mfc/store` MediaType), re-used
 * here so there is one list.
 */
export const OciMediaType = {
  layoutHeader: 'application/vnd.oci.layout.header.v1+json',
  manifest: 'application/vnd.oci.image.manifest.v1+json',
  index: 'application/vnd.oci.image.index.v1+json',
  config: 'application/vnd.oci.image.config.v1+json',
  empty: 'application/vnd.oci.empty.v1+json',
  layerTar: 'application/vnd.oci.image.layer.v1.tar',
  layerTarGzip: 'application/vnd.oci.image.layer.v1.tar+gzip',
} as const;

export const DockerMediaType = {
  manifest: 'application/vnd.docker.distribution.manifest.v2+json',
  manifestList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  config: 'application/vnd.docker.container.image.v1+json',
} as const;

export const OllamaMediaType = OllamaStoreTypes;

/** CNCF ModelPack (modelpack/model-spec `specs-go/v1/mediatype.go`). */
export const ModelPackMediaType = {
  artifact: 'application/vnd.cncf.model.manifest.v1+json',
  config: 'application/vnd.cncf.model.config.v1+json',
  weightRaw: 'application/vnd.cncf.model.weight.v1.raw',
  weightConfigRaw: 'application/vnd.cncf.model.weight.config.v1.raw',
  docRaw: 'application/vnd.cncf.model.doc.v1.raw',
  codeRaw: 'application/vnd.cncf.model.code.v1.raw',
  datasetRaw: 'application/vnd.cncf.model.dataset.v1.raw',
} as const;

/** Pre-rename ModelPack (`application/vnd.cnai.model.*`): read, never written. */
export const LegacyCnaiMediaType = {
  artifact: 'application/vnd.cnai.model.manifest.v1+json',
  config: 'application/vnd.cnai.model.config.v1+json',
  weightRaw: 'application/vnd.cnai.model.weight.v1.raw',
  weightConfigRaw: 'application/vnd.cnai.model.weight.config.v1.raw',
  docRaw: 'application/vnd.cnai.model.doc.v1.raw',
} as const;

/** Docker Model Runner (docker/model-runner `pkg/distribution/types/config.go`). */
export const DockerAiMediaType = {
  configV01: 'application/vnd.docker.ai.model.config.v0.1+json',
  configV02: 'application/vnd.docker.ai.model.config.v0.2+json',
  gguf: 'application/vnd.docker.ai.gguf.v3',
  safetensors: 'application/vnd.docker.ai.safetensors',
  dduf: 'application/vnd.docker.ai.dduf',
  license: 'application/vnd.docker.ai.license',
  mmproj: 'application/vnd.docker.ai.mmproj',
  chatTemplate: 'application/vnd.docker.ai.chat.template.jinja',
  modelFile: 'application/vnd.docker.ai.model.file',
  /** Seen in third-party readers only; accepted as input. */
  ggufLora: 'application/vnd.docker.ai.gguf.v3.lora',
  ggufMmproj: 'application/vnd.docker.ai.gguf.v3.mmproj',
} as const;

/** KitOps ModelKit (`pkg/lib/constants/mediaType.go`). */
export const KitOpsMediaType = {
  config: 'application/vnd.kitops.modelkit.config.v1+json',
  model: 'application/vnd.kitops.modelkit.model.v1.tar',
  modelGzip: 'application/vnd.kitops.modelkit.model.v1.tar+gzip',
  modelpart: 'application/vnd.kitops.modelkit.modelpart.v1.tar',
  dataset: 'application/vnd.kitops.modelkit.dataset.v1.tar',
  code: 'application/vnd.kitops.modelkit.code.v1.tar',
  docs: 'application/vnd.kitops.modelkit.docs.v1.tar',
} as const;

const KITOPS_LAYER = /^application\/vnd\.kitops\.modelkit\.(\w+)\.v1\.tar(?:\+(\w+))?$/;

/** A KitOps layer's kind (`model`, `docs`…) and compression, or undefined. */
export function kitOpsLayerKind(
  mediaType: string,
): { kind: string; compression?: string } | undefined {
  const m = KITOPS_LAYER.exec(mediaType);
  return m ? { kind: m[1], ...(m[2] ? { compression: m[2] } : {}) } : undefined;
}

/** Annotation keys. */
export const Annotation = {
  refName: 'org.opencontainers.image.ref.name',
  created: 'org.opencontainers.image.created',
  title: 'org.opencontainers.image.title',
  filepath: 'org.cncf.model.filepath',
  fileMetadata: 'org.cncf.model.file.metadata+json',
  mediaTypeUntested: 'org.cncf.model.file.mediatype.untested',
  legacyFilepath: 'org.cnai.model.filepath',
  kitopsCliVersion: 'ml.kitops.modelkit.cli-version',
} as const;

/** The OCI empty descriptor's blob `{}` (image-spec `manifest.md`). */
export const EMPTY_JSON_DIGEST =
  'sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a' as const;

/** Artifact formats mfc can tell apart. */
export type ArtifactFormat = 'ollama' | 'modelpack' | 'cnai' | 'docker' | 'kitops' | 'unknown';
