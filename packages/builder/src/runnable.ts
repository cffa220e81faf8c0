import { builderError } from './error-codes.js';
import { MediaType, type Layer, type Store, type StoredModel } from '@mfc/store';

/**
 * The runnable's model layer (the GGUF llama.cpp loads); a model without one
 * cannot run or be exported (`MODEL_NO_WEIGHTS`, for mfc run and export alike).
 */
export function requireModelLayer(r: Runnable): Layer {
  if (!r.modelLayer)
    throw builderError(
      'MODEL_NO_WEIGHTS',
      `model '${r.model.shortName}' has no model layer (no GGUF)`,
      {
        location: { file: r.model.manifestPath },
      },
    );
  return r.modelLayer;
}

/**
 * A stored model as Ollama runs it: the weights and adapters, and the text
 * layers that shape the prompt. `mfc show` prints it, `mfc run` runs it.
 */
export interface Runnable {
  model: StoredModel;
  /** The first model layer (the weights llama.cpp loads), if any. */
  modelLayer?: Layer;
  adapters: Layer[];
  /** The TEMPLATE (or a legacy prompt layer). */
  template?: string;
  system?: string;
  /** The params blob (keys sorted, as Ollama writes them). */
  parameters?: Record<string, unknown>;
  /** The MESSAGEs, as stored. */
  messages?: { role: string; content: string }[];
  licenses: string[];
}

/**
 * Reads a model's layers the way Ollama does: of template, system, params
 * and messages the LAST layer of each type counts (a later layer overrides
 * an inherited one); every adapter and license counts.
 */
export async function resolveRunnable(
  store: Store,
  model: string | StoredModel,
): Promise<Runnable> {
  const m = typeof model === 'string' ? await store.find(model) : model;
  const layers = m.manifest.layers;
  const last = (mt: string) => [...layers].reverse().find((l) => l.mediaType === mt);
  const text = async (l: Layer | undefined) => (l ? store.readBlobText(l.digest) : undefined);
  const json = async <T>(l: Layer | undefined, what: string): Promise<T | undefined> => {
    const t = await text(l);
    if (t === undefined) return undefined;
    try {
      return JSON.parse(t) as T;
    } catch (err) {
      throw builderError(
        'MODEL_BAD_LAYER',
        `the model's ${what} layer is not valid JSON: ${(err as Error).message}`,
        { location: { file: store.layout.blobPath(l!.digest) } },
      );
    }
  };
  const licenses: string[] = [];
  for (const l of layers.filter((x) => x.mediaType === MediaType.license))
    licenses.push(await store.readBlobText(l.digest));
  return {
    model: m,
    modelLayer: layers.find((l) => l.mediaType === MediaType.model),
    adapters: layers.filter((l) => l.mediaType === MediaType.adapter),
    template: await text(last(MediaType.template) ?? last(MediaType.prompt)),
    system: await text(last(MediaType.system)),
    parameters: await json<Record<string, unknown>>(last(MediaType.params), 'params'),
    messages: await json<{ role: string; content: string }[]>(last(MediaType.messages), 'messages'),
    licenses,
  };
}
