import { readFile } from 'node:fs/promises';
import { ociErrorWith } from './errors.js';
import { displayShortest, type Store } from '@mfc/store';
import type { ArtifactBlob, ConvertedArtifact } from './artifact.js';
import { descriptorFor } from './digest.js';
import { Annotation, DockerMediaType, OciMediaType } from './media-types.js';
import { toDocker } from './to-docker.js';
import { toModelPack, type OllamaModel } from './to-modelpack.js';
import { encodeIndex, parseManifest, type Descriptor, type ImageIndex } from './types.js';

export type ExportFormat = 'ollama' | 'modelpack' | 'docker';
export const EXPORT_FORMATS: readonly ExportFormat[] = ['ollama', 'modelpack', 'docker'];

/** A blob of the layout: a store file, or bytes made by a conversion. */
export interface LayoutBlob {
  size: number;
  /** The store file holding it, or `data`. */
  path?: string;
  data?: Buffer;
}

/** What an export writes: the index entries and every blob once, by digest. */
export interface ExportPlan {
  models: Array<{ refName: string; descriptor: Descriptor; notCarried: string[] }>;
  blobs: Map<string, LayoutBlob>;
  /** `index.json`'s bytes. */
  index: Buffer;
}

/** The store's model as the conversions take it. */
async function ollamaModel(store: Store, text: string): Promise<OllamaModel> {
  const found = await store.find(text);
  const manifestBytes = await readFile(found.manifestPath);
  return {
    name: displayShortest(found.name),
    manifestBytes,
    manifest: parseManifest(manifestBytes, { file: found.manifestPath }),
  };
}

function asIs(model: OllamaModel): ConvertedArtifact {
  return {
    mediaType: model.manifest.mediaType || DockerMediaType.manifest,
    manifestBytes: model.manifestBytes,
    blobs: [model.manifest.config, ...model.manifest.layers].map((descriptor) => ({ descriptor })),
    notCarried: [],
  };
}

/**
 * A model of the store in `format` (`ollama`: its manifest as stored), after checking that
 * every blob the artifact takes from the store is there.
 */
async function convertModel(
  store: Store,
  model: OllamaModel,
  format: ExportFormat,
): Promise<ConvertedArtifact> {
  const read = (d: Descriptor) => store.readBlob(d.digest);
  const artifact =
    format === 'modelpack'
      ? await toModelPack(model, read)
      : format === 'docker'
        ? await toDocker(model, read)
        : asIs(model);
  for (const b of artifact.blobs) {
    if (!b.data && !(await store.blobs.has(b.descriptor.digest, b.descriptor.size))) {
      throw ociErrorWith(
        'OCI_MISSING_BLOB',
        `${model.name}: blob ${b.descriptor.digest} is missing`,
        {
          location: { file: store.blobs.path(b.descriptor.digest) },
          hint: 'the model is incomplete; build or pull it again',
        },
      );
    }
  }
  return artifact;
}

/**
 * The model named `text` converted to `format` exactly as an export converts it (`mfc push
 * --format` pushes these bytes, so the registry holds what `mfc export` writes).
 */
export async function convertStoredModel(
  store: Store,
  text: string,
  format: ExportFormat,
): Promise<ConvertedArtifact> {
  return convertModel(store, await ollamaModel(store, text), format);
}

/**
 * Plans an OCI image layout holding `names` in `format`: converts each model
 * (reading only its small blobs) and lists every blob once. Index entries are
 * tagged with the model's short name (`org.opencontainers.image.ref.name`).
 */
export async function planExport(
  store: Store,
  names: readonly string[],
  format: ExportFormat,
): Promise<ExportPlan> {
  const blobs = new Map<string, LayoutBlob>();
  const models: ExportPlan['models'] = [];
  const add = (b: ArtifactBlob) => {
    if (blobs.has(b.descriptor.digest)) return;
    blobs.set(
      b.descriptor.digest,
      b.data
        ? { size: b.data.length, data: b.data }
        : { size: b.descriptor.size, path: store.blobs.path(b.descriptor.digest) },
    );
  };
  for (const text of names) {
    const model = await ollamaModel(store, text);
    if (models.some((m) => m.refName === model.name)) continue;
    const artifact = await convertModel(store, model, format);
    for (const b of artifact.blobs) add(b);
    const descriptor = descriptorFor(artifact.mediaType, artifact.manifestBytes, {
      [Annotation.refName]: model.name,
    });
    add({ descriptor, data: artifact.manifestBytes });
    models.push({ refName: model.name, descriptor, notCarried: artifact.notCarried });
  }
  const index: ImageIndex = {
    schemaVersion: 2,
    mediaType: OciMediaType.index,
    manifests: models.map((m) => m.descriptor),
  };
  return { models, blobs, index: encodeIndex(index) };
}

/** `oci-layout`'s bytes. */
export const OCI_LAYOUT_FILE = Buffer.from('{"imageLayoutVersion":"1.0.0"}');
