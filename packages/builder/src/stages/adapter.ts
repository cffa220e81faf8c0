import { stat } from 'node:fs/promises';
import { llamaCppError } from '@mfc/llama-cpp';
import { builderError } from '../error-codes.js';
import { prepareAdapterForBuild } from '../adapters.js';
import { MediaType } from '@mfc/store';
import { expandPath } from '../expand-path.js';
import { classifyGguf, mediaTypeOfKind, openGgufInput } from '../gguf-layer.js';
import type { BuildRequest } from '../request.js';
import { ingestGguf, workDir, type BuildContext, type PendingLayer } from './context.js';

/**
 * Stage 4: the ADAPTER as a layer. A PEFT folder or safetensors file is
 * converted to a GGUF LoRA against the model (`baseModel`: the GGUF the model
 * layer will hold); a GGUF adapter is checked against it. Returns the layer
 * still to store: nothing is written before every check passed.
 */
export async function adapterLayer(
  ctx: BuildContext,
  adapter: NonNullable<BuildRequest['adapter']>,
  baseDir: string,
  baseModel: string | undefined,
): Promise<PendingLayer> {
  const a = adapter;
  const path = expandPath(a.text, baseDir, a.location);
  const st = await stat(path).catch(() => undefined);
  if (!st) {
    throw llamaCppError('ADAPTER_NOT_FOUND', `ADAPTER ${a.text}: no such file`, {
      location: { ...a.location, related: [{ file: path }] },
    });
  }
  let adapterPath = path;
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
  return () => ingestGguf(ctx, adapterPath, gguf, mediaTypeOfKind[kind]);
}

/** Stage 4b: each DRAFT model as a draft layer (never the same file as FROM). */
export async function draftLayers(
  ctx: BuildContext,
  drafts: BuildRequest['drafts'],
  baseDir: string,
  fromFiles: readonly string[],
): Promise<PendingLayer[]> {
  const layers: PendingLayer[] = [];
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
    layers.push(() => ingestGguf(ctx, path, gguf, MediaType.draft));
  }
  return layers;
}
