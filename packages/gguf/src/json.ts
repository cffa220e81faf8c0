import type { GgufFile } from './gguf-file.js';
import { valueToJson } from './gguf-file.js';
import type { GgufSet } from './split.js';
import { GgufArray, GgufValueType, valueTypeName, type GgufValue } from './values.js';

/** One metadata entry as JSON: its type name and value (arrays: item type, length, and the values or their first few). */
export interface GgufKvJson {
  type: string;
  itemType?: string;
  length?: number;
  value: unknown;
  /** Set when only the first elements of a long array are shown. */
  truncated?: true;
}

export interface GgufJson {
  format: 'gguf';
  version: number;
  littleEndian: boolean;
  files: string[];
  size: number;
  alignment: number;
  dataOffset: number;
  architecture: string | null;
  parameterCount: number;
  parameterSize: string;
  fileType: number | null;
  fileTypeName: string;
  metadata: Record<string, GgufKvJson>;
  tensors: {
    name: string;
    type: string;
    typeId: number;
    shape: number[];
    offset: number;
    absoluteOffset: number;
    size: number;
    shard?: number;
  }[];
}

/** Arrays longer than this are summarised (first elements only) unless `full` is set. */
export const ARRAY_SUMMARY_LIMIT = 16;

/** A JSON description of one metadata value. */
export function kvJson(type: GgufValueType, value: GgufValue, full: boolean): GgufKvJson {
  if (!(value instanceof GgufArray))
    return { type: valueTypeName(type), value: valueToJson(value) };
  const limit = full ? undefined : ARRAY_SUMMARY_LIMIT;
  const out: GgufKvJson = {
    type: 'array',
    itemType: valueTypeName(value.itemType),
    length: value.length,
    value: valueToJson(value, limit),
  };
  if (limit !== undefined && value.length > limit) out.truncated = true;
  return out;
}

/** The JSON `mfc inspect --json` prints for a GGUF file or split set. */
export function ggufJson(model: GgufFile | GgufSet, options: { full?: boolean } = {}): GgufJson {
  const first = 'shards' in model ? model.shards[0] : model;
  const files = 'shards' in model ? model.files : [model.source];
  const metadata: Record<string, GgufKvJson> = {};
  for (const e of model.metadata.values())
    metadata[e.key] = kvJson(e.type, e.value, options.full ?? false);
  return {
    format: 'gguf',
    version: first.version,
    littleEndian: first.littleEndian,
    files,
    size: 'shards' in model ? model.size : model.fileSize,
    alignment: first.alignment,
    dataOffset: first.dataOffset,
    architecture: model.architecture ?? null,
    parameterCount: model.parameterCount,
    parameterSize: model.parameterSize,
    fileType: model.fileType ?? null,
    fileTypeName: model.fileTypeName,
    metadata,
    tensors: model.tensors.map((t) => ({
      name: t.name,
      type: t.typeName,
      typeId: t.type,
      shape: t.shape,
      offset: t.offset,
      absoluteOffset: t.absoluteOffset,
      size: t.byteSize,
      ...('shard' in t && typeof t.shard === 'number' && files.length > 1
        ? { shard: t.shard }
        : {}),
    })),
  };
}

const NEGATIVE_ZERO = '\u0000mfc-negative-zero\u0000';

/**
 * Pretty JSON (two spaces) that keeps float values exact: JSON.stringify
 * prints -0 as 0, but vocabulary scores can be -0.0 (gguf-py and llama.cpp
 * keep the sign).
 */
export function exactJsonText(value: unknown): string {
  const text = JSON.stringify(value, (_key, v) => (Object.is(v, -0) ? NEGATIVE_ZERO : v), 2);
  return text.replaceAll(JSON.stringify(NEGATIVE_ZERO), '-0');
}
