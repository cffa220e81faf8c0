import { openGguf, type GgufFile } from '@mfc/gguf';
import { MediaType, type Layer, type ModelConfig } from '@mfc/store';
import { architectureOf, fileTypeLabel } from '../gguf-layer.js';
import type { BuildRequest, ParamValue } from '../request.js';
import type { BuildContext } from './context.js';

/** What an architecture implies when the Modelfile and the base leave renderer or parser empty. */
interface ArchitectureDefaults {
  renderer: string;
  parser: string;
  /** PARAMETERs added when the Modelfile does not set them. */
  params?: Readonly<Record<string, ParamValue>>;
}

/** Ollama's architecture → renderer/parser defaults (`server/create.go`). */
export const ARCHITECTURE_DEFAULTS: Readonly<Record<string, ArchitectureDefaults>> = {
  gemma4: { renderer: 'gemma4', parser: 'gemma4', params: { stop: ['<turn|>'] } },
  laguna: { renderer: 'laguna', parser: 'laguna' },
  nemotron_h: { renderer: 'nemotron-3-nano', parser: 'nemotron-3-nano' },
  nemotron_h_moe: { renderer: 'nemotron-3-nano', parser: 'nemotron-3-nano' },
  nemotron_h_omni: { renderer: 'nemotron-3-nano', parser: 'nemotron-3-nano' },
};

/** Stage 5's result: the config blob's content and the parameters to store (the request's plus architecture defaults). */
export interface BuildConfig {
  config: ModelConfig;
  params: Map<string, ParamValue>;
}

/**
 * Stage 5: the config from the model layers' metadata, renderer/parser/
 * requires from the request or the base. The request is not changed: the
 * parameters an architecture adds come back in `params`.
 */
export async function buildConfig(
  ctx: BuildContext,
  layers: readonly Layer[],
  req: BuildRequest,
  base: ModelConfig | undefined,
): Promise<BuildConfig> {
  const ggufOf = async (l: Layer): Promise<GgufFile> => {
    let g = ctx.ggufs.get(l.digest);
    if (!g) {
      g = await openGguf(ctx.store.blobs.path(l.digest));
      ctx.ggufs.set(l.digest, g);
    }
    return g;
  };
  const params = new Map(req.params);
  const config: ModelConfig = {
    model_format: base?.model_format || '',
    model_family: '',
    model_families: null,
    model_type: '',
    file_type: '',
    renderer: req.renderer || base?.renderer,
    parser: req.parser || base?.parser,
    requires: req.requires || base?.requires,
    capabilities: base?.capabilities,
  };
  for (const l of layers.filter((x) => x.mediaType === MediaType.model)) {
    const g = await ggufOf(l);
    const arch = architectureOf(g);
    config.model_format ||= 'gguf';
    config.model_family ||= arch;
    config.model_type ||= g.parameterSize;
    config.file_type ||= fileTypeLabel(g);
    config.model_families = [...(config.model_families ?? []), arch];
    // Applied only while renderer or parser is still empty.
    const d = Object.hasOwn(ARCHITECTURE_DEFAULTS, arch) ? ARCHITECTURE_DEFAULTS[arch] : undefined;
    if (d && (!config.renderer || !config.parser)) {
      config.renderer ||= d.renderer;
      config.parser ||= d.parser;
      for (const [k, v] of Object.entries(d.params ?? {})) if (!params.has(k)) params.set(k, v);
    }
  }
  const draft = layers.find((l) => l.mediaType === MediaType.draft);
  if (draft)
    config.draft = { model_format: 'gguf', architecture: architectureOf(await ggufOf(draft)) };
  return { config, params };
}
