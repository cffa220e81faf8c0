import { storeError } from './error-codes.js';
import { isDigest, parseDigest, type Digest } from './digest.js';
import { encodeGoJson } from '@mfc/gocompat';
import { MediaType } from './media-types.js';

/** A layer (or the config) in a manifest; JSON field order is Ollama's. */
export interface Layer {
  mediaType: string;
  digest: Digest;
  size: number;
  /** Inherited layers: the base model's short name. Omitted when empty. */
  from?: string;
  name?: string;
}

export interface Manifest {
  schemaVersion: 2;
  mediaType: string;
  config: Layer;
  layers: Layer[];
}

function layerStruct(l: Layer) {
  return {
    mediaType: l.mediaType,
    digest: l.digest,
    size: l.size,
    from: l.from ? l.from : undefined,
    name: l.name ? l.name : undefined,
  };
}

/** The manifest file's bytes, exactly as `manifest.WriteManifest` writes them. */
export function encodeManifest(config: Layer, layers: readonly Layer[]): string {
  return encodeGoJson({
    schemaVersion: 2,
    mediaType: MediaType.manifest,
    config: layerStruct(config),
    layers: layers.map(layerStruct),
  });
}

function bad(file: string | undefined, message: string): never {
  throw storeError('STORE_BAD_MANIFEST', message, { location: file ? { file } : {} });
}

function readLayer(v: unknown, file: string | undefined, where: string): Layer {
  if (!v || typeof v !== 'object') bad(file, `${where} is not an object`);
  const o = v as Record<string, unknown>;
  if (typeof o.mediaType !== 'string') bad(file, `${where} has no mediaType`);
  if (typeof o.digest !== 'string' || !isDigest(o.digest))
    bad(file, `${where} has an invalid digest`);
  if (typeof o.size !== 'number' || !Number.isSafeInteger(o.size) || o.size < 0)
    bad(file, `${where} has an invalid size`);
  const layer: Layer = { mediaType: o.mediaType, digest: parseDigest(o.digest), size: o.size };
  if (typeof o.from === 'string' && o.from) layer.from = o.from;
  if (typeof o.name === 'string' && o.name) layer.name = o.name;
  return layer;
}

/** Parses and checks a manifest file's text. */
export function decodeManifest(text: string, file?: string): Manifest {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    bad(file, `manifest is not valid JSON: ${(err as Error).message}`);
  }
  if (!json || typeof json !== 'object') bad(file, 'manifest is not a JSON object');
  const o = json as Record<string, unknown>;
  if (o.schemaVersion !== 2)
    bad(file, `unsupported manifest schemaVersion ${String(o.schemaVersion)}`);
  if (!Array.isArray(o.layers)) bad(file, 'manifest has no layers array');
  return {
    schemaVersion: 2,
    mediaType: typeof o.mediaType === 'string' ? o.mediaType : MediaType.manifest,
    config: readLayer(o.config, file, 'config'),
    layers: o.layers.map((l, i) => readLayer(l, file, `layer ${i}`)),
  };
}
