import { mkdir, mkdtemp } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { removeOnExit, type ErrorCatalogue, type Location } from '@mfc/diagnostics';
import type { GgufFile } from '@mfc/gguf';
import type { Digest, IngestResult, Layer, Store } from '@mfc/store';
import {
  buildWarnings,
  formatBuildWarning,
  type BuildEvent,
  type BuildWarningCode,
} from '../events.js';
import type { ModelTransformOptions } from '../transforms.js';

/** The build options the stages read (the rest belongs to `buildModel`). */
export interface StageOptions extends ModelTransformOptions {
  /** Hard-link GGUF files into the store instead of copying them. */
  link?: boolean;
  /** Skip deleting blobs the previous manifest of this name no longer needs. */
  noPrune?: boolean;
}

/**
 * What every stage shares: the store, the event sink, and the bookkeeping of
 * one build (blobs created, bytes copied or linked, opened GGUF headers, the
 * work folder). Stages return their results; this holds only the tallies.
 */
export interface BuildContext {
  readonly store: Store;
  readonly options: StageOptions;
  emit(e: BuildEvent): void;
  /** Reports a warning (a `warning` event) and keeps it for the result. */
  warn(code: BuildWarningCode, message: string, location?: Location): void;
  /** The warnings as lines (`formatBuildWarning`), the linter's first. */
  readonly warnings: string[];
  /** Blobs this build wrote (candidates for pruning when the manifest drops them). */
  readonly created: Set<Digest>;
  bytesCopied: number;
  bytesLinked: number;
  /** Opened GGUF headers by blob digest (for the config). */
  readonly ggufs: Map<Digest, GgufFile>;
  workDir?: string;
}

export function createContext(
  store: Store,
  options: StageOptions,
  emit: (e: BuildEvent) => void,
  warnings: string[],
): BuildContext {
  return {
    store,
    options,
    emit,
    warnings,
    created: new Set(),
    bytesCopied: 0,
    bytesLinked: 0,
    ggufs: new Map(),
    warn(code, message, location) {
      const hint = (buildWarnings as ErrorCatalogue<BuildWarningCode>)[code].hint;
      const w = { code, message, ...(hint ? { hint } : {}), ...(location ? { location } : {}) };
      warnings.push(formatBuildWarning(w));
      emit({ type: 'warning', ...w });
    },
  };
}

/** The build's scratch folder inside the store's tmp folder (same file system: renames are atomic). */
export async function workDir(ctx: BuildContext): Promise<string> {
  await mkdir(ctx.store.layout.tmpDir, { recursive: true });
  if (!ctx.workDir) {
    ctx.workDir = await mkdtemp(join(ctx.store.layout.tmpDir, `${process.pid}-work-`));
    // Quantized and converted models land here: hundreds of MB to delete on Ctrl-C.
    removeOnExit(ctx.workDir);
  }
  return ctx.workDir;
}

type StoredBlob =
  | IngestResult
  | { digest: Digest; size: number; action: 'existing' | 'copied'; linkFallback?: string };

/** Counts a stored blob and reports it as a `layer` event. */
export function noteIngest(ctx: BuildContext, r: StoredBlob, mediaType: string, file?: string) {
  if (r.action !== 'existing') ctx.created.add(r.digest);
  if (r.action === 'copied') ctx.bytesCopied += r.size;
  if (r.action === 'linked') ctx.bytesLinked += r.size;
  const action = r.action === 'copied' ? 'created' : r.action;
  ctx.emit({
    type: 'layer',
    mediaType,
    digest: r.digest,
    size: r.size,
    action,
    ...(file ? { file } : {}),
  });
  if ('linkFallback' in r && r.linkFallback)
    ctx.warn(
      'BUILD_W_LINK_FALLBACK',
      `--link: ${r.linkFallback}; copied ${file ?? r.digest} instead`,
      file ? { file } : undefined,
    );
}

/** Copies (or with `--link` hard-links) a user's GGUF file into the store. */
export async function ingestGguf(
  ctx: BuildContext,
  path: string,
  gguf: GgufFile,
  mediaType: string,
): Promise<Layer> {
  ctx.emit({
    type: 'status',
    code: ctx.options.link ? 'BUILD_S_LINKING' : 'BUILD_S_COPYING',
    message: `${ctx.options.link ? 'linking' : 'copying'} ${path}`,
  });
  const r = await ctx.store.blobs.ingestFile(path, {
    link: ctx.options.link,
    onProgress: (p) =>
      ctx.emit({ type: 'progress', phase: p.phase, file: path, done: p.done, total: p.total }),
  });
  noteIngest(ctx, r, mediaType, path);
  ctx.ggufs.set(r.digest, gguf);
  return { mediaType, digest: r.digest, size: r.size };
}

/** Moves a GGUF mfc wrote itself (merged shards, quantized output) into the store. */
export async function adoptGguf(
  ctx: BuildContext,
  path: string,
  gguf: GgufFile,
  mediaType: string,
): Promise<Layer> {
  const r = await ctx.store.blobs.adoptFile(path, (p) =>
    ctx.emit({
      type: 'progress',
      phase: p.phase,
      file: path,
      label: basename(path),
      done: p.done,
      total: p.total,
    }),
  );
  noteIngest(ctx, r, mediaType, path);
  ctx.ggufs.set(r.digest, gguf);
  return { mediaType, digest: r.digest, size: r.size };
}

/**
 * A layer the stages decided on but did not store yet: every check that can
 * fail runs first, then `storeLayers` writes them in order, so a build that
 * fails on a bad ADAPTER or TEMPLATE writes no blob (and reports none).
 */
export type PendingLayer = Layer | (() => Promise<Layer>);

/** Stores the pending layers in order (inherited ones are already there). */
export async function storeLayers(pending: readonly PendingLayer[]): Promise<Layer[]> {
  const layers: Layer[] = [];
  for (const p of pending) layers.push(typeof p === 'function' ? await p() : p);
  return layers;
}

/** Writes a small text (or JSON) blob and returns its layer: the one way the text layers are stored. */
export async function writeTextLayer(
  ctx: BuildContext,
  mediaType: string,
  content: string | Uint8Array,
): Promise<Layer> {
  const r = await ctx.store.blobs.writeBytes(content);
  noteIngest(ctx, r, mediaType);
  return { mediaType, digest: r.digest, size: r.size };
}
