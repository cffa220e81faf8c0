import { createReadStream } from 'node:fs';
import { ociErrorWith } from './errors.js';
import type { Digest, ModelName, Store } from '@mfc/store';
import { extractFrom, Staging } from './layout-read.js';
import type { ArtifactFormat } from './media-types.js';
import { foreignConverter, type ForeignAccess } from './to-ollama.js';
import type { Descriptor, ImageManifest } from './types.js';

/**
 * Turns a pulled ModelPack, Docker Model Runner or KitOps artifact into an
 * Ollama model of `name` (the registry client's seam for foreign formats).
 * Blobs come into the store through `fetchBlob` (verified downloads); what a
 * conversion makes (a config, params) and what it takes out of tar layers is
 * written after the conversion succeeded, and the manifest last.
 */
export async function importPulledArtifact(args: {
  name: ModelName;
  format: ArtifactFormat;
  manifest: ImageManifest;
  store: Store;
  fetchBlob: (d: Descriptor) => Promise<void>;
}): Promise<{ manifestDigest: Digest; notMapped: string[] }> {
  const { store, fetchBlob } = args;
  const convert = foreignConverter(args.format);
  if (!convert)
    throw ociErrorWith(
      'OCI_UNKNOWN_FORMAT',
      `a ${args.format} artifact cannot become an Ollama model`,
    );
  const staging = new Staging(store.blobs);
  const local = async (d: Descriptor) => {
    const staged = staging.staged.get(d.digest);
    if (staged) return staged.path;
    await fetchBlob(d);
    return store.blobs.path(d.digest);
  };
  const access: ForeignAccess = {
    read: async (d) => {
      await fetchBlob(d);
      return store.readBlob(d.digest);
    },
    pathOf: local,
    extractTar: async (layer, gzip, pick) =>
      extractFrom(
        createReadStream(await local(layer)),
        gzip,
        pick,
        store.blobs,
        staging,
        layer.digest,
      ),
  };
  try {
    const artifact = await convert(args.manifest, access);
    for (const b of artifact.blobs) {
      const staged = staging.staged.get(b.descriptor.digest);
      if (b.data) await store.blobs.writeBytes(b.data);
      else if (staged) await store.blobs.commitStaged(staged);
      else await fetchBlob(b.descriptor);
      staging.staged.delete(b.descriptor.digest);
    }
    const written = await store.writeManifestBytes(args.name, artifact.manifestBytes);
    return { manifestDigest: written.digest, notMapped: artifact.notMapped };
  } finally {
    staging.dispose();
  }
}
