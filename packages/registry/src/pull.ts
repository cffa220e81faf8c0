import { registryCodeError } from './errors.js';
import {
  detectFormat,
  DockerMediaType,
  OciMediaType,
  parseManifest,
  type ArtifactFormat,
  type Descriptor,
  type ImageManifest,
} from '@mfc/oci';
import { displayShortest, sha256Digest, type Digest, type ModelName, type Store } from '@mfc/store';
import { repositoryScope, type RegistryClient } from './client.js';
import { downloadBlob, type TransferTuning } from './download.js';
import { header } from './http.js';

/** What a pull reports as it goes (Ollama's statuses, per blob). */
export type PullEvent =
  | { kind: 'manifest'; digest: Digest; format: ArtifactFormat }
  | {
      kind: 'blob';
      digest: Digest;
      mediaType: string;
      total: number;
      done: number;
      state: 'cached' | 'fetching' | 'done';
      resumed?: number;
    }
  | { kind: 'writing manifest' };

/**
 * Seam for artifacts that are not Ollama models (ModelPack, Docker Model
 * Runner): given the manifest and a way to fetch its blobs into the store,
 * it writes the Ollama model for `store name`. Provided by @mfc/oci's
 * import code; without it such pulls fail with REGISTRY_UNSUPPORTED_FORMAT.
 */
export type ArtifactImporter = (args: {
  /** The store name the pulled model gets. */
  name: ModelName;
  format: ArtifactFormat;
  manifest: ImageManifest;
  manifestBytes: Buffer;
  store: Store;
  /** Ensures a blob of the artifact is in the store (downloading it if needed). */
  fetchBlob: (d: Descriptor) => Promise<void>;
}) => Promise<{ manifestDigest: Digest }>;

export interface PullOptions {
  client: RegistryClient;
  store: Store;
  tuning?: TransferTuning;
  onEvent?: (e: PullEvent) => void;
  importArtifact?: ArtifactImporter;
}

export interface PullResult {
  name: string;
  manifestDigest: Digest;
  format: ArtifactFormat;
  blobs: {
    digest: Digest;
    size: number;
    state: 'cached' | 'fetched';
    fetched: number;
    resumed: number;
  }[];
  /** Bytes received over the network. */
  fetched: number;
  /** Old layers of the same name that no model uses any more and were deleted. */
  removedBlobs: Digest[];
}

export const MANIFEST_ACCEPT = [DockerMediaType.manifest, OciMediaType.manifest].join(', ');

/** Fetches the manifest bytes as the registry stores them (any Content-Type, text/plain included). */
export async function fetchManifest(
  client: RegistryClient,
): Promise<{ bytes: Buffer; manifest: ImageManifest }> {
  const { ref } = client;
  const what = `pulling manifest of ${ref.host}/${ref.repository}:${ref.tag}`;
  const res = await client.expect(
    {
      method: 'GET',
      url: `/v2/${ref.repository}/manifests/${ref.tag}`,
      headers: { Accept: MANIFEST_ACCEPT },
      scope: repositoryScope(ref.repository, 'pull'),
    },
    what,
    [200],
  );
  const bytes = await res.bytes();
  const said = header(res, 'docker-content-digest');
  if (said && said.startsWith('sha256:') && said !== sha256Digest(bytes)) {
    throw registryCodeError(
      'REGISTRY_DIGEST_MISMATCH',
      `${what}: the manifest bytes do not match ${said}`,
    );
  }
  const manifest = parseManifest(bytes, { file: `${ref.host}/${ref.repository}:${ref.tag}` });
  return { bytes, manifest };
}

/**
 * `mfc pull REF`: the manifest, then every blob not already in the store
 * (verified, resumable), then the registry's manifest bytes unchanged, last.
 */
export async function pullModel(options: PullOptions): Promise<PullResult> {
  const { client, store } = options;
  const { ref } = client;
  const emit = options.onEvent ?? (() => {});
  const name = await store.spellingFor(ref.name);
  const { bytes, manifest } = await fetchManifest(client);
  const format = detectFormat(manifest);
  const manifestDigest = sha256Digest(bytes);
  emit({ kind: 'manifest', digest: manifestDigest, format });
  const scope = repositoryScope(ref.repository, 'pull');
  const blobs: PullResult['blobs'] = [];

  const report = (
    d: Descriptor,
    state: 'cached' | 'fetching' | 'done',
    done = d.size,
    resumed?: number,
  ) =>
    emit({
      kind: 'blob',
      digest: d.digest,
      mediaType: d.mediaType,
      total: d.size,
      done,
      state,
      ...(resumed !== undefined ? { resumed } : {}),
    });

  const fetchBlob = async (d: Descriptor) => {
    if (blobs.some((b) => b.digest === d.digest)) return;
    if (await store.blobs.has(d.digest, d.size)) {
      blobs.push({ digest: d.digest, size: d.size, state: 'cached', fetched: 0, resumed: 0 });
      report(d, 'cached');
      return;
    }
    const r = await downloadBlob({
      client,
      layout: store.layout,
      digest: d.digest,
      size: d.size,
      scope,
      tuning: options.tuning,
      onProgress: (done) => report(d, 'fetching', done),
    });
    blobs.push({ digest: d.digest, size: d.size, state: 'fetched', ...r });
    report(d, 'done', d.size, r.resumed);
  };

  return store.withNameLock(name, `pulling ${displayShortest(name)}`, async (lock) => {
    if (format !== 'ollama' && format !== 'unknown') {
      if (!options.importArtifact) {
        throw registryCodeError(
          'REGISTRY_UNSUPPORTED_FORMAT',
          `${ref.host}/${ref.repository}:${ref.tag} is a ${format} artifact; converting it on pull is not available in this build`,
          { hint: 'pull it with its own tool and import it, or push an Ollama-format model' },
        );
      }
      const r = await options.importArtifact({
        name,
        format,
        manifest,
        manifestBytes: bytes,
        store,
        fetchBlob,
      });
      return {
        name: displayShortest(name),
        manifestDigest: r.manifestDigest,
        format,
        blobs,
        fetched: sum(blobs),
        removedBlobs: [],
      };
    }
    let previous: Digest[] = [];
    try {
      const old = await store.load(name);
      previous = [old.manifest.config.digest, ...old.manifest.layers.map((l) => l.digest)];
    } catch {
      previous = [];
    }
    for (const d of [...manifest.layers, manifest.config]) await fetchBlob(d);
    emit({ kind: 'writing manifest' });
    await store.writeManifestBytes(name, bytes, [manifest.config, ...manifest.layers]);
    const now = new Set([manifest.config.digest, ...manifest.layers.map((l) => l.digest)]);
    const stale = previous.filter((d) => !now.has(d));
    const { removed } = stale.length
      ? await store.deleteUnreferenced(stale, lock)
      : { removed: [] };
    return {
      name: displayShortest(name),
      manifestDigest,
      format,
      blobs,
      fetched: sum(blobs),
      removedBlobs: removed,
    };
  });
}

function sum(blobs: PullResult['blobs']): number {
  return blobs.reduce((s, b) => s + b.fetched, 0);
}
