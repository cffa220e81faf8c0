import { openGguf, type GgufFile } from '@mfc/gguf';
import { ollamaString, parameterType, type OllamaCommand } from '@mfc/modelfile';
import {
  MediaType,
  decodeConfig,
  type Layer,
  type ModelConfig,
  type Store,
  type StoredModel,
} from '@mfc/store';
import { architectureOf, fileTypeLabel } from './gguf-layer.js';
import { resolveRunnable } from './runnable.js';

export interface ModelDescription {
  name: string;
  digest: string;
  size: number;
  config: ModelConfig;
  layers: Layer[];
  /** From the first model layer's GGUF header. */
  details?: {
    architecture: string;
    parameters: string;
    parameterCount: number;
    quantization: string;
    contextLength?: number;
    embeddingLength?: number;
  };
  template?: string;
  system?: string;
  /** Keys in the params blob's order (sorted, as Ollama writes them). */
  parameters?: Record<string, unknown>;
  licenses: string[];
  messages: { role: string; content: string }[];
}

function numberKv(g: GgufFile, key: string): number | undefined {
  const v = g.get(key);
  return typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : undefined;
}

/** Everything `mfc show` prints about a model. */
export async function describeModel(store: Store, model: StoredModel): Promise<ModelDescription> {
  const config = decodeConfig(await store.readBlobText(model.manifest.config.digest));
  const r = await resolveRunnable(store, model);
  const desc: ModelDescription = {
    name: model.shortName,
    digest: model.digest,
    size: model.size,
    config,
    layers: model.manifest.layers,
    template: r.template,
    system: r.system,
    licenses: r.licenses,
    messages: r.messages ?? [],
  };
  if (r.parameters) desc.parameters = r.parameters;
  const modelLayer = r.modelLayer;
  if (modelLayer) {
    const g = await openGguf(store.blobs.path(modelLayer.digest));
    const arch = architectureOf(g);
    desc.details = {
      architecture: arch,
      parameters: g.parameterSize,
      parameterCount: g.parameterCount,
      quantization: fileTypeLabel(g),
      contextLength: numberKv(g, `${arch}.context_length`),
      embeddingLength: numberKv(g, `${arch}.embedding_length`),
    };
  }
  return desc;
}

/** A parameter value as Modelfile text that re-parses to the same value (no `1e+06` for an int). */
export function parameterText(name: string, value: unknown): string {
  if (typeof value === 'number') {
    if (parameterType(name) === 'int' && Number.isInteger(value)) return BigInt(value).toString();
    return String(value);
  }
  return String(value);
}

/**
 * The base model a derived model can be rebuilt from: the model named in its
 * layers' `from`, if it still exists and still holds every inherited layer,
 * and its other layers are ones the derived model replaced.
 */
async function rebuildableBase(store: Store, model: StoredModel): Promise<StoredModel | undefined> {
  const layers = model.manifest.layers;
  const inherited = layers.filter((l) => l.from);
  if (inherited.length === 0) return undefined;
  const from = inherited[0].from!;
  if (inherited.some((l) => l.from !== from)) return undefined;
  const base = await store.find(from).catch(() => undefined);
  if (!base) return undefined;
  const baseDigests = new Set(base.manifest.layers.map((l) => l.digest));
  if (!inherited.every((l) => baseDigests.has(l.digest))) return undefined;
  const own = layers.filter((l) => !l.from);
  const replaceable: Record<string, boolean> = {
    [MediaType.template]: own.some((l) => l.mediaType === MediaType.template),
    [MediaType.system]: own.some((l) => l.mediaType === MediaType.system),
    [MediaType.messages]: own.some((l) => l.mediaType === MediaType.messages),
    [MediaType.params]: true,
  };
  const present = new Set(layers.map((l) => l.digest));
  for (const l of base.manifest.layers) {
    if (!present.has(l.digest) && !replaceable[l.mediaType]) return undefined;
  }
  return base;
}

/**
 * `mfc show --modelfile`: a Modelfile that rebuilds the same model (same
 * manifest digest). Unlike Ollama's it keeps a derived model's base name when
 * the base is still in the store, lists parameters in the blob's (sorted)
 * order with values that re-parse, omits TEMPLATE when there is none, and
 * keeps REQUIRES.
 */
export async function modelfileOf(store: Store, model: StoredModel): Promise<string> {
  const layers = model.manifest.layers;
  const config = decodeConfig(await store.readBlobText(model.manifest.config.digest));
  const base = await rebuildableBase(store, model);
  const own = base ? layers.filter((l) => !l.from) : layers;
  const cmds: OllamaCommand[] = [];
  const blob = (l: Layer) => store.blobs.path(l.digest);

  if (base) cmds.push({ name: 'model', args: base.shortName });
  else {
    for (const l of own.filter((x) => x.mediaType === MediaType.model))
      cmds.push({ name: 'model', args: blob(l) });
  }
  for (const l of own.filter((x) => x.mediaType === MediaType.adapter))
    cmds.push({ name: 'adapter', args: blob(l) });
  for (const l of own.filter((x) => x.mediaType === MediaType.draft))
    cmds.push({ name: 'draft', args: blob(l) });
  if (!base)
    for (const l of own.filter((x) => x.mediaType === MediaType.projector))
      cmds.push({ name: 'model', args: blob(l) });

  const lastOwn = (mt: string) => [...own].reverse().find((l) => l.mediaType === mt);
  const template = lastOwn(MediaType.template);
  if (template) cmds.push({ name: 'template', args: await store.readBlobText(template.digest) });
  const system = lastOwn(MediaType.system);
  if (system) cmds.push({ name: 'system', args: await store.readBlobText(system.digest) });
  if (config.renderer) cmds.push({ name: 'renderer', args: config.renderer });
  if (config.parser) cmds.push({ name: 'parser', args: config.parser });
  if (config.requires) cmds.push({ name: 'requires', args: config.requires });
  const params = lastOwn(MediaType.params);
  if (params) {
    const obj = JSON.parse(await store.readBlobText(params.digest)) as Record<string, unknown>;
    for (const [k, v] of Object.entries(obj)) {
      for (const item of Array.isArray(v) ? v : [v])
        cmds.push({ name: k, args: parameterText(k, item) });
    }
  }
  for (const l of own.filter((x) => x.mediaType === MediaType.license))
    cmds.push({ name: 'license', args: await store.readBlobText(l.digest) });
  const messages = lastOwn(MediaType.messages);
  if (messages) {
    for (const m of JSON.parse(await store.readBlobText(messages.digest)) as {
      role: string;
      content: string;
    }[]) {
      cmds.push({ name: 'message', args: `${m.role}: ${m.content}` });
    }
  }
  const header = [
    '# Modelfile generated by "mfc show"',
    '# To build a new Modelfile based on this, replace FROM with:',
    `# FROM ${model.shortName}`,
    '',
    '',
  ].join('\n');
  return header + ollamaString(cmds);
}
