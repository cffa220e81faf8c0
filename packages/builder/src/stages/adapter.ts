import { stat } from 'node:fs/promises';
import { llamaCppError } from '@mfc/llama-cpp';
import { builderError } from '../error-codes.js';
import { prepareAdapterForBuild } from '../adapters.js';
import { MediaType, type Layer } from '@mfc/store';
import { expandPath } from '../expand-path.js';
import { classifyGguf, mediaTypeOfKind, openGgufInput } from '../gguf-layer.js';
import type { BuildRequest } from '../request.js';
import { ingestGguf, workDir, type BuildContext } from './context.js';

/**
 * Stage 4: the ADAPTER as a layer. A PEFT folder or safetensors file is
 * converted to a GGUF LoRA against the model layer; a GGUF adapter is checked
 * against it.
 */
export async function adapterLayer(
  ctx: BuildContext,
  adapter: NonNullable<BuildRequest['adapter']>,
  baseDir: string,
  layers: readonly Layer[],
): Promise<Layer> {
  const a = adapter;
  const path = expandPath(a.text, baseDir, a.location);
  const st = await stat(path).catch(() => undefined);
  if (!st) {
    throw llamaCppError('ADAPTER_NOT_FOUND', `ADAPTER ${a.text}: no such file`, {
      location: { ...a.location, related: [{ file: path }] },
    });
  }
  let adapterPath = path;
  // The base model the adapter must fit.
  const modelLayer = layers.find((l) => l.mediaType === MediaType.model);
  const baseModel = modelLayer ? ctx.store.blobs.path(modelLayer.digest) : undefined;
  if (st.isDirectory() || path.endsWith('.safetensors')) {
    if (!baseModel) {
      throw builderError(
        'BUILD_ADAPTER_NO_BASE',
        `ADAPTER ${a.text}: there is no model to apply it to`,
        { location: a.location },
      );
    }
    const prepared = await prepareAdapterForBuild({
      source: path,
      base: baseModel,
      workDir: await workDir(ctx),
      location: a.location,
      command: `ADAPTER ${a.text}`,
    });
    adapterPath = prepared.path;
  }
  const gguf = await openGgufInput(adapterPath, a.location, `ADAPTER ${a.text}`);
  const kind = classifyGguf(gguf);
  if (kind === 'adapter' && baseModel && adapterPath === path) {
    await prepareAdapterForBuild({
      source: path,
      base: baseModel,
      workDir: await workDir(ctx),
      location: a.location,
      command: `ADAPTER ${a.text}`,
    });
  }
  if (kind !== 'adapter')
    ctx.warn(
      'BUILD_W_NOT_AN_ADAPTER',
      `ADAPTER ${a.text} has no general.type=adapter; Ollama stores it as a ${kind} layer, and so does mfc`,
      { ...a.location, related: [{ file: adapterPath }] },
    );
  return ingestGguf(ctx, adapterPath, gguf, mediaTypeOfKind[kind]);
}

/** Stage 4b: each DRAFT model as a draft layer (never the same file as FROM). */
export async function draftLayers(
  ctx: BuildContext,
  drafts: BuildRequest['drafts'],
  baseDir: string,
  fromFiles: readonly string[],
): Promise<Layer[]> {
  const layers: Layer[] = [];
  for (const d of drafts) {
    const path = expandPath(d.text, baseDir, d.location);
    if (fromFiles.includes(path)) {
      throw builderError(
        'BUILD_DRAFT_SAME_AS_FROM',
        `DRAFT must not reference the same local path as FROM: ${path}`,
        { location: d.location },
      );
    }
    const gguf = await openGgufInput(path, d.location, `DRAFT ${d.text}`);
    layers.push(await ingestGguf(ctx, path, gguf, MediaType.draft));
  }
  return layers;
}
