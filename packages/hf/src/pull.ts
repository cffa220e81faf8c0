import { existsSync } from 'node:fs';
import { RepoCache } from './cache.js';
import { downloadToCache, type FileProgress } from './download.js';
import { fetchRepoSnapshot, type RepoFile } from './hub.js';
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
  /** `snapshots/<commit>/<path>` in the cache. */
  localPath: string;
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
  /** Bytes that had to be (or, with dryRun, would be) downloaded. */
  bytesToFetch: number;
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
  const snapshot = await fetchRepoSnapshot(ref.repo, ref.revision, settings);
  const selection = selectFiles(ref.repo, snapshot.files, ref.quant);
  const cache = new RepoCache(settings.cacheDir, ref.repo);
  const files: PulledFile[] = selection.files.map((f) => ({
    ...f,
    localPath: cache.snapshotPath(snapshot.commit, f.path),
    cached: existsSync(cache.blobPath(f.etag)),
  }));
  const bytesToFetch = files.filter((f) => !f.cached).reduce((n, f) => n + f.size, 0);
  if (!options.dryRun) {
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
  };
  if (selection.kind === 'gguf') {
    result.quant = selection.quant;
    result.modelParts = selection.model.map((f) => cache.snapshotPath(snapshot.commit, f.path));
    result.modelPath = result.modelParts[0];
    if (selection.projector)
      result.projectorPath = cache.snapshotPath(snapshot.commit, selection.projector.path);
  }
  return result;
}
