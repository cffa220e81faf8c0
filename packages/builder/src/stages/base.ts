import { MfcError, type Location } from '@mfc/diagnostics';
import { builderError } from '../error-codes.js';
import { MediaType, decodeConfig, type Layer, type ModelConfig } from '@mfc/store';
import { convertToGguf } from '../convert-source.js';
import { expandPath } from '../expand-path.js';
import type { BuildRequest } from '../request.js';
import { resolveBaseSource, type BaseSource } from '../sources.js';
import { workDir, type BuildContext } from './context.js';

/** A GGUF file the build reads, with the Modelfile position that named it. */
export interface InputFile {
  path: string;
  location: Location;
}

/** Stage 1: where the weights come from, and with --merge-adapters the ADAPTER to merge. */
export interface ResolvedBase {
  source: BaseSource;
  /** With --merge-adapters: the ADAPTER to merge into the model (resolved path). */
  mergeAdapter?: InputFile;
}

export async function resolveBase(
  ctx: BuildContext,
  req: BuildRequest,
  baseDir: string,
): Promise<ResolvedBase> {
  const source = await resolveBaseSource(req, baseDir);
  if (!ctx.options.mergeAdapters) return { source };
  if (!req.adapter) {
    ctx.warn('BUILD_W_NOTHING_TO_MERGE', '--merge-adapters: the Modelfile has no ADAPTER to merge');
    return { source };
  }
  const path = expandPath(req.adapter.text, baseDir, req.adapter.location);
  return { source, mergeAdapter: { path, location: req.adapter.location } };
}

/**
 * Stage 2: what the base contributes. A model in the store gives its layers
 * (inherited as they are) and its config; files give the GGUF inputs for the
 * weights stage (safetensors and `hf.co/…` converted to GGUF first).
 */
export type BaseLayers =
  | { kind: 'model'; layers: Layer[]; config: ModelConfig; inheritsTemplate: boolean }
  | { kind: 'files'; files: InputFile[] };

export async function baseLayers(ctx: BuildContext, source: BaseSource): Promise<BaseLayers> {
  const { store, emit } = ctx;
  if (source.kind === 'model') {
    const model = await store.find(source.ref).catch((err) => {
      if (err instanceof MfcError && err.code === 'STORE_MODEL_NOT_FOUND') {
        throw builderError(
          'BUILD_BASE_NOT_FOUND',
          `FROM ${source.ref}: no such file, and no model of that name in ${store.root}`,
          {
            location: source.location,
            hint: 'mfc does not download models: pull it with ollama first, or point FROM at a GGUF file',
          },
        );
      }
      throw err;
    });
    emit({
      type: 'status',
      code: 'BUILD_S_BASE_MODEL',
      message: `using base model ${model.shortName}`,
    });
    const layers: Layer[] = [];
    for (const l of model.manifest.layers) {
      layers.push({ ...l, from: model.shortName });
      emit({
        type: 'layer',
        mediaType: l.mediaType,
        digest: l.digest,
        size: l.size,
        action: 'inherited',
      });
    }
    const config = decodeConfig(
      await store.readBlobText(model.manifest.config.digest),
      store.blobs.path(model.manifest.config.digest),
    );
    const inheritsTemplate = layers.some((l) => l.mediaType === MediaType.template);
    return { kind: 'model', layers, config, inheritsTemplate };
  }
  if (source.kind === 'gguf') return { kind: 'files', files: source.files };
  if (source.kind === 'safetensors')
    emit({
      type: 'status',
      code: 'BUILD_S_CONVERTING',
      message: `converting ${source.dir} to GGUF`,
    });
  const converted = await convertToGguf({
    kind: source.kind,
    source: source.kind === 'hf' ? source.ref : source.dir,
    role: 'model',
    location: source.location,
    workDir: await workDir(ctx),
    emit: ctx.emit,
  });
  for (const w of converted.warnings) ctx.warn('BUILD_W_CONVERSION', w, source.location);
  return {
    kind: 'files',
    files: converted.files.map((path) => ({ path, location: source.location })),
  };
}
