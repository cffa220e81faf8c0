import { existsSync } from 'node:fs';
import { RepoCache } from './cache.js';
import { downloadToCache, type FileProgress } from './download.js';
import { MfcError } from '@mfc/diagnostics';
import { hfError } from './error-codes.js';
import { fetchRepoSnapshot, type RepoFile, type RepoSnapshot } from './hub.js';
import type { HfReference } from './reference.js';
import { selectFiles } from './select.js';
import { hubSettings, type HubSettings } from './settings.js';

export interface PullOptions {
  /** Defaults to `hubSettings(process.env)`. */
  settings?: HubSettings;
  /** Only resolve and list what would be fetched. */
  dryRun?: boolean;
  /** Called when a file starts (`received === resumedFrom`), as bytes arrive, and when it ends. */
  onProgress?: (p: FileProgress) => void;
  signal?: AbortSignal;
}

export interface PulledFile extends RepoFile {
  /** `snapshots/<commit>/<path>` in the cache (a symlink to `blobPath`). */
  localPath: string;
  /** `blobs/<etag>` in the cache: the file itself (named by its sha256 for LFS files). */
  blobPath: string;
  /** True when the blob was already in the cache. */
  cached: boolean;
}

export interface PullResult {
  repo: string;
  revision: string;
  commit: string;
  kind: 'gguf' | 'safetensors';
  /** The chosen quantization, for GGUF repos. */
  quant?: string;
  /** `snapshots/<commit>` in the cache: a Hugging Face folder for safetensors repos. */
  snapshotDir: string;
  files: PulledFile[];
  /** GGUF repos: the model file (the first part of a split set). */
  modelPath?: string;
  /** GGUF repos: every part of the model, in order. */
  modelParts?: string[];
  /** GGUF repos: the `mmproj` projector, when there is one. */
  projectorPath?: string;
  /** GGUF repos: the repo-root `template`, `system`, `params` and license files it has. */
  extras?: {
    template?: PulledFile;
    system?: PulledFile;
    params?: PulledFile;
    license?: PulledFile;
  };
  /** Bytes that had to be (or, with dryRun, would be) downloaded. */
  bytesToFetch: number;
  /** True when the Hub was not asked (HF_HUB_OFFLINE, or unreachable) and the cached snapshot was used. */
  offline: boolean;
}

function cachedSnapshot(cache: RepoCache, revision: string): RepoSnapshot | undefined {
  const commit = cache.readRef(revision);
  if (!commit) return undefined;
  const files = cache.listSnapshot(commit);
  if (files.length === 0) return undefined;
  return { repo: cache.repo, revision, commit, gated: false, files };
}

/**
 * Fetches what a `hf.co/ORG/REPO[:QUANT][@REV]` reference needs into the
 * shared Hugging Face cache: the GGUF file(s) for the quantization, or the
 * safetensors weights with their config and tokenizer files.
 */
export async function pullFromHub(
  ref: Pick<HfReference, 'repo' | 'quant' | 'revision'>,
  options: PullOptions = {},
): Promise<PullResult> {
  const settings = options.settings ?? hubSettings();
  const cache = new RepoCache(settings.cacheDir, ref.repo);
  let snapshot: RepoSnapshot;
  let offline = false;
  try {
    if (settings.offline)
      throw hfError(
        'HF_OFFLINE',
        `HF_HUB_OFFLINE is set and hf.co/${ref.repo}@${ref.revision} is not in the cache`,
      );
    snapshot = await fetchRepoSnapshot(ref.repo, ref.revision, settings);
  } catch (err) {
    // Like huggingface_hub: without the Hub (offline, or unreachable), use the snapshot the cache has for this revision.
    const cached =
      err instanceof MfcError && (err.code === 'HF_NETWORK' || err.code === 'HF_OFFLINE')
        ? cachedSnapshot(cache, ref.revision)
        : undefined;
    if (!cached) throw err;
    snapshot = cached;
    offline = true;
  }
  const selection = selectFiles(ref.repo, snapshot.files, ref.quant);
  const files: PulledFile[] = selection.files.map((f) => ({
    ...f,
    localPath: cache.snapshotPath(snapshot.commit, f.path),
    blobPath: cache.blobPath(f.etag),
    cached: existsSync(cache.blobPath(f.etag)),
  }));
  const bytesToFetch = files.filter((f) => !f.cached).reduce((n, f) => n + f.size, 0);
  if (!options.dryRun && !offline) {
    await cache.writeRef(ref.revision, snapshot.commit);
    for (const f of files) {
      await downloadToCache(cache, snapshot.commit, f, {
        settings,
        onProgress: options.onProgress,
        signal: options.signal,
      });
    }
  }
  const result: PullResult = {
    repo: ref.repo,
    revision: ref.revision,
    commit: snapshot.commit,
    kind: selection.kind,
    snapshotDir: cache.snapshotDir(snapshot.commit),
    files,
    bytesToFetch,
    offline,
  };
  if (selection.kind === 'gguf') {
    result.quant = selection.quant;
    result.modelParts = selection.model.map((f) => cache.snapshotPath(snapshot.commit, f.path));
    result.modelPath = result.modelParts[0];
    if (selection.projector)
      result.projectorPath = cache.snapshotPath(snapshot.commit, selection.projector.path);
    const byPath = (f: RepoFile | undefined) => files.find((p) => p.path === f?.path);
    result.extras = {};
    for (const key of ['template', 'system', 'params', 'license'] as const) {
      const f = byPath(selection.extras[key]);
      if (f) result.extras[key] = f;
    }
  }
  return result;
}
