import type { ArtifactBlob, ConvertedArtifact, ReadBlob } from './artifact.js';
import { descriptorFor } from './digest.js';
import { Annotation, ModelPackMediaType, OciMediaType } from './media-types.js';
import {
  OLLAMA_CONFIG_FILE,
  OLLAMA_LAYER_FILES,
  OLLAMA_MANIFEST_FILE,
  OLLAMA_MEDIATYPE_ANNOTATION,
  numberedPath,
} from './ollama-layers.js';
import { encodeManifest, type Descriptor, type ImageManifest } from './types.js';

/** A model of the store, as the conversions take it. */
export interface OllamaModel {
  /** The reference name it is exported under, e.g. `tiny:latest`. */
  name: string;
  /** The manifest file's bytes. */
  manifestBytes: Buffer;
  manifest: ImageManifest;
}

const KIND_TYPES = {
  weight: ModelPackMediaType.weightRaw,
  weightConfig: ModelPackMediaType.weightConfigRaw,
  doc: ModelPackMediaType.docRaw,
} as const;

/** The fields of Ollama's config a ModelPack config has a place for. */
export interface OllamaConfigFacts {
  family: string;
  paramSize: string;
  quantization: string;
  format: string;
}

export function configFacts(configBytes: Buffer): OllamaConfigFacts {
  let o: Record<string, unknown> = {};
  try {
    o = JSON.parse(configBytes.toString('utf8')) as Record<string, unknown>;
  } catch {
    // an unreadable config only loses the descriptive fields
  }
  const s = (k: string) => (typeof o[k] === 'string' ? (o[k] as string) : '');
  return {
    family: s('model_family'),
    paramSize: s('model_type'),
    quantization: s('file_type'),
    format: s('model_format') || 'gguf',
  };
}

/**
 * ollama → ModelPack. Every Ollama layer becomes a ModelPack layer with the
 * same digest (raw layers are the file's bytes), annotated with a file path
 * and its Ollama media type; Ollama's config and the manifest itself travel as
 * two more files, so `fromModelPack` gives back the original manifest byte for
 * byte. Nothing is left out.
 */
export async function toModelPack(model: OllamaModel, read: ReadBlob): Promise<ConvertedArtifact> {
  const facts = configFacts(await read(model.manifest.config));
  const seen = new Map<string, number>();
  const layers: Descriptor[] = [];
  const layer = (d: Descriptor, kind: keyof typeof KIND_TYPES, path: string, type: string) =>
    layers.push({
      mediaType: KIND_TYPES[kind],
      digest: d.digest,
      size: d.size,
      annotations: { [Annotation.filepath]: path, [OLLAMA_MEDIATYPE_ANNOTATION]: type },
    });
  for (const l of model.manifest.layers) {
    const file = OLLAMA_LAYER_FILES[l.mediaType];
    const base = file?.path ?? `ollama/${l.mediaType.split('.').pop() ?? 'layer'}`;
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    layer(l, file?.kind ?? 'weightConfig', numberedPath(base, n), l.mediaType);
  }
  layer(model.manifest.config, 'weightConfig', OLLAMA_CONFIG_FILE, model.manifest.config.mediaType);
  const manifestBlob = descriptorFor(KIND_TYPES.weightConfig, model.manifestBytes);
  layer(manifestBlob, 'weightConfig', OLLAMA_MANIFEST_FILE, model.manifest.mediaType);

  const config = Buffer.from(
    JSON.stringify({
      descriptor: { name: model.name, ...(facts.family ? { family: facts.family } : {}) },
      config: {
        ...(facts.family ? { architecture: facts.family } : {}),
        format: facts.format,
        ...(facts.paramSize ? { paramSize: facts.paramSize } : {}),
        ...(facts.quantization && facts.quantization !== 'unknown'
          ? { quantization: facts.quantization }
          : {}),
      },
      modelfs: { type: 'layers', diffIds: layers.map((l) => l.digest) },
    }),
  );
  return ociArtifact({
    artifactType: ModelPackMediaType.artifact,
    config: { mediaType: ModelPackMediaType.config, data: config },
    layers,
    data: new Map([[manifestBlob.digest, model.manifestBytes]]),
    notCarried: [],
  });
}

/** Blobs by digest, first occurrence kept (two layers may share bytes). */
function uniqueBlobs(blobs: ArtifactBlob[]): ArtifactBlob[] {
  const seen = new Set<string>();
  return blobs.filter((b) => !seen.has(b.descriptor.digest) && seen.add(b.descriptor.digest));
}

/**
 * An OCI image manifest over `layers` with a config made of `config.data`:
 * its canonical bytes and every blob once (`data` holds the bytes of layers
 * the conversion made, by digest).
 */
export function ociArtifact(a: {
  artifactType?: string;
  config: { mediaType: string; data: Buffer };
  layers: Descriptor[];
  data?: Map<string, Buffer>;
  notCarried: string[];
}): ConvertedArtifact {
  const configDesc = descriptorFor(a.config.mediaType, a.config.data);
  const manifest: ImageManifest = {
    schemaVersion: 2,
    mediaType: OciMediaType.manifest,
    ...(a.artifactType ? { artifactType: a.artifactType } : {}),
    config: configDesc,
    layers: a.layers,
  };
  return {
    mediaType: OciMediaType.manifest,
    manifestBytes: encodeManifest(manifest),
    blobs: uniqueBlobs([
      { descriptor: configDesc, data: a.config.data },
      ...a.layers.map((descriptor) => {
        const data = a.data?.get(descriptor.digest);
        return data ? { descriptor, data } : { descriptor };
      }),
    ]),
    notCarried: [...new Set(a.notCarried)],
  };
}
