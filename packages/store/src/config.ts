import { storeError } from './error-codes.js';
import { encodeGoJson } from '@mfc/gocompat';

/** The `draft` object of the config (each field omitted when empty). */
export interface DraftConfig {
  model_format?: string;
  architecture?: string;
  tensor_prefix?: string;
  config?: string;
}

/**
 * The config blob (`types/model/config.go` `ConfigV2`), with Ollama's JSON
 * keys. `model_families: null` is what Go writes for a nil slice.
 */
export interface ModelConfig {
  model_format: string;
  model_family: string;
  model_families: string[] | null;
  model_type: string;
  file_type: string;
  renderer?: string;
  parser?: string;
  requires?: string;
  remote_host?: string;
  remote_model?: string;
  capabilities?: string[];
  context_length?: number;
  embedding_length?: number;
  base_name?: string;
  draft?: DraftConfig;
}

const nonEmpty = (s: string | undefined) => (s ? s : undefined);

/** The config blob's bytes: Ollama's field order, omitempty, `architecture`/`os` placeholders, no `rootfs`. */
export function encodeConfig(c: ModelConfig): string {
  const draft = c.draft
    ? {
        model_format: nonEmpty(c.draft.model_format),
        architecture: nonEmpty(c.draft.architecture),
        tensor_prefix: nonEmpty(c.draft.tensor_prefix),
        config: nonEmpty(c.draft.config),
      }
    : undefined;
  return encodeGoJson({
    model_format: c.model_format,
    model_family: c.model_family,
    model_families: c.model_families,
    model_type: c.model_type,
    file_type: c.file_type,
    renderer: nonEmpty(c.renderer),
    parser: nonEmpty(c.parser),
    requires: nonEmpty(c.requires),
    remote_host: nonEmpty(c.remote_host),
    remote_model: nonEmpty(c.remote_model),
    capabilities: c.capabilities && c.capabilities.length > 0 ? c.capabilities : undefined,
    context_length: c.context_length ? c.context_length : undefined,
    embedding_length: c.embedding_length ? c.embedding_length : undefined,
    base_name: nonEmpty(c.base_name),
    draft,
    architecture: 'amd64',
    os: 'linux',
  });
}

const str = (v: unknown) => (typeof v === 'string' ? v : '');
const optStr = (v: unknown) => (typeof v === 'string' && v ? v : undefined);

/** Reads a config blob (any Ollama version; unknown fields such as `rootfs` are dropped). */
export function decodeConfig(text: string, file?: string): ModelConfig {
  let o: Record<string, unknown>;
  try {
    o = JSON.parse(text) as Record<string, unknown>;
  } catch (err) {
    throw storeError(
      'STORE_BAD_CONFIG',
      `config blob is not valid JSON: ${(err as Error).message}`,
      {
        location: file ? { file } : {},
      },
    );
  }
  const d =
    o.draft && typeof o.draft === 'object' ? (o.draft as Record<string, unknown>) : undefined;
  return {
    model_format: str(o.model_format),
    model_family: str(o.model_family),
    model_families: Array.isArray(o.model_families) ? o.model_families.map(String) : null,
    model_type: str(o.model_type),
    file_type: str(o.file_type),
    renderer: optStr(o.renderer),
    parser: optStr(o.parser),
    requires: optStr(o.requires),
    remote_host: optStr(o.remote_host),
    remote_model: optStr(o.remote_model),
    capabilities: Array.isArray(o.capabilities) ? o.capabilities.map(String) : undefined,
    context_length: typeof o.context_length === 'number' ? o.context_length : undefined,
    embedding_length: typeof o.embedding_length === 'number' ? o.embedding_length : undefined,
    base_name: optStr(o.base_name),
    draft: d
      ? {
          model_format: optStr(d.model_format),
          architecture: optStr(d.architecture),
          tensor_prefix: optStr(d.tensor_prefix),
          config: optStr(d.config),
        }
      : undefined,
  };
}
