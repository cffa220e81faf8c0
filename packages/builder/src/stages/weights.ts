import { basename, join } from 'node:path';
import { mergeSplitGguf, openGguf, parseShardName, type GgufFile } from '@mfc/gguf';
import { encodeGoJson } from '@mfc/gocompat';
import { MediaType, type Layer } from '@mfc/store';
import { prepareAdapterForBuild } from '../adapters.js';
import { classifyGguf, mediaTypeOfKind, openGgufInput, type GgufKind } from '../gguf-layer.js';
import { autodetectTemplate } from '../template.js';
import { shareCacheEntry } from '@mfc/llama-cpp';
import { transformModelGguf } from '../transforms.js';
import type { InputFile } from './base.js';
import {
  adoptGguf,
  ingestGguf,
  workDir,
  writeTextLayer,
  type BuildContext,
  type PendingLayer,
} from './context.js';

/** Stage 3's result: the weight layers, and what the stage decided on the way. */
export interface Weights {
  /** Not stored yet: the build stores them after its last check (`storeLayers`). */
  layers: PendingLayer[];
  /** The model GGUF as it will be stored (an ADAPTER is checked against it). */
  modelPath?: string;
  /** The template chosen for a GGUF's chat template (only when the Modelfile has no TEMPLATE). */
  autodetectedTemplate?: string;
  /** True when --merge-adapters merged the ADAPTER into the model (no adapter layer then). */
  adapterMerged: boolean;
}

interface Opened {
  path: string;
  /** Known for a store blob. */
  digest?: string;
  gguf: GgufFile;
  kind: GgufKind;
  /** mfc wrote the file (merged shards): the store adopts it rather than copying. */
  owned: boolean;
}

/** Opens the inputs; each split set becomes one merged GGUF (Ollama merges them too). */
async function openInputs(ctx: BuildContext, files: readonly InputFile[]): Promise<Opened[]> {
  const opened: Opened[] = [];
  const mergedSets = new Set<string>();
  for (const f of files) {
    let path = f.path;
    let gguf = await openGgufInput(path, f.location);
    const splitCount = gguf.get('split.count');
    if (typeof splitCount === 'number' && splitCount > 1) {
      const shard = parseShardName(path);
      const setKey = shard ? shard.prefix : path;
      if (mergedSets.has(setKey)) continue;
      mergedSets.add(setKey);
      const out = join(await workDir(ctx), `merged-${mergedSets.size}.gguf`);
      ctx.emit({
        type: 'status',
        code: 'BUILD_S_MERGING_SHARDS',
        message: `merging the ${splitCount} shards of ${path}`,
      });
      await mergeSplitGguf(path, out, (done, total) =>
        ctx.emit({
          type: 'progress',
          phase: 'copying',
          file: out,
          label: `${basename(path)} (merging shards)`,
          done,
          total,
        }),
      );
      path = out;
      gguf = await openGguf(out);
    }
    opened.push({ path, gguf, kind: classifyGguf(gguf), owned: path !== f.path });
  }
  return opened;
}

/** A model GGUF rewritten as asked (--merge-adapters, --quantize), or undefined to store it as is. */
async function transformModel(
  ctx: BuildContext,
  o: Opened,
  mergeAdapter: InputFile | undefined,
): Promise<{ out: string; cacheEntry?: string } | undefined> {
  // --merge-adapters: the adapter (a PEFT folder is converted) is checked against this model.
  const adapters = mergeAdapter
    ? [
        (
          await prepareAdapterForBuild({
            source: mergeAdapter.path,
            base: o.path,
            workDir: await workDir(ctx),
            location: mergeAdapter.location,
          })
        ).path,
      ]
    : undefined;
  let cacheEntry: string | undefined;
  const out = await transformModelGguf(
    {
      path: o.path,
      gguf: o.gguf,
      ...(o.digest ? { digest: o.digest } : {}),
      workDir: await workDir(ctx),
      onStatus: (message) => ctx.emit({ type: 'status', code: 'BUILD_S_TRANSFORMING', message }),
      onWarning: (message) => ctx.warn('BUILD_W_QUANTIZE', message, { file: o.path }),
      onTensor: (done, total) =>
        ctx.emit({
          type: 'progress',
          phase: 'quantizing',
          file: o.path,
          done,
          total,
          unit: 'tensors',
        }),
      adapters,
      onCacheEntry: (path) => (cacheEntry = path),
    },
    ctx.options,
  );
  return out ? { out, ...(cacheEntry ? { cacheEntry } : {}) } : undefined;
}

/**
 * Moves a rewritten model into the store; its quantize cache entry then
 * becomes (or stays) a hard link to the blob, even when the blob was already
 * there as another file, so the cache costs no space for it.
 */
function adoptModel(ctx: BuildContext, t: { out: string; cacheEntry?: string }, gguf: GgufFile) {
  return async () => {
    const layer = await adoptGguf(ctx, t.out, gguf, MediaType.model);
    if (t.cacheEntry)
      await shareCacheEntry(t.cacheEntry, ctx.store.blobs.path(layer.digest)).catch(() => false);
    return layer;
  };
}

/**
 * Stage 3 for a FROM model in the store: its model layer's blob rewritten as
 * asked (--merge-adapters, --quantize) into the work folder, replacing the
 * inherited layer; the other layers are inherited as they are.
 */
export async function transformStoredModel(
  ctx: BuildContext,
  inherited: readonly Layer[],
  mergeAdapter: InputFile | undefined,
): Promise<Weights> {
  const index = inherited.findIndex((l) => l.mediaType === MediaType.model);
  const layers: PendingLayer[] = [...inherited];
  if (index < 0) return { layers, adapterMerged: false };
  const blob = ctx.store.blobs.path(inherited[index].digest);
  if (!ctx.options.quantize && !mergeAdapter)
    return { layers, modelPath: blob, adapterMerged: false };
  const o: Opened = {
    path: blob,
    digest: inherited[index].digest,
    gguf: await openGguf(blob),
    kind: 'model',
    owned: false,
  };
  const t = await transformModel(ctx, o, mergeAdapter);
  if (!t) return { layers, modelPath: blob, adapterMerged: false };
  layers[index] = adoptModel(ctx, t, await openGguf(t.out));
  return { layers, modelPath: t.out, adapterMerged: Boolean(mergeAdapter) };
}

/**
 * Stage 3: the GGUF inputs stored as layers (model, projector or adapter by
 * their metadata), the model rewritten first when asked, then — without a
 * TEMPLATE — a template (and its stop words) for each GGUF's chat template.
 */
export async function weightLayers(
  ctx: BuildContext,
  files: readonly InputFile[],
  options: { hasTemplate: boolean; mergeAdapter?: InputFile },
): Promise<Weights> {
  const layers: PendingLayer[] = [];
  let adapterMerged = false;
  let modelPath: string | undefined;
  const opened = await openInputs(ctx, files);
  for (const o of opened) {
    const merge = o.kind === 'model' ? options.mergeAdapter : undefined;
    if (o.kind === 'model' && (ctx.options.quantize || merge)) {
      const t = await transformModel(ctx, o, merge);
      if (merge) adapterMerged = true;
      if (t) {
        modelPath ??= t.out;
        layers.push(adoptModel(ctx, t, await openGguf(t.out)));
        continue;
      }
    }
    const { path, gguf, owned } = o;
    if (o.kind === 'model') modelPath ??= path;
    const mediaType = mediaTypeOfKind[o.kind];
    layers.push(
      owned
        ? () => adoptGguf(ctx, path, gguf, mediaType)
        : () => ingestGguf(ctx, path, gguf, mediaType),
    );
  }
  let autodetectedTemplate: string | undefined;
  // Ollama adds a template (and its stop words) for each GGUF with a chat template when TEMPLATE is absent.
  if (!options.hasTemplate) {
    for (const o of opened) {
      const jinja = o.gguf.get('tokenizer.chat_template');
      if (typeof jinja !== 'string' || !jinja) continue;
      const found = await autodetectTemplate(jinja, o.gguf, (m) =>
        ctx.warn('BUILD_W_NO_TEMPLATE_MATCH', m, { file: o.path }),
      );
      if (!found) continue;
      autodetectedTemplate = found.name;
      ctx.emit({
        type: 'status',
        code: 'BUILD_S_TEMPLATE_AUTODETECTED',
        message: `using autodetected template ${found.name}`,
      });
      const template = found.template;
      layers.push(() => writeTextLayer(ctx, MediaType.template, template));
      if (found.stop && found.stop.length > 0) {
        const stop = encodeGoJson(new Map([['stop', found.stop]]));
        layers.push(() => writeTextLayer(ctx, MediaType.params, stop));
      }
    }
  }
  return { layers, modelPath, autodetectedTemplate, adapterMerged };
}
