import { builderError } from './error-codes.js';
import { encodeGoJson, type GoJsonValue } from '@mfc/gocompat';
import type { ParamValue } from './request.js';

/**
 * Ollama's params step: the request's parameters, then for every params
 * layer in order the keys not yet present (user keys win, earlier layers win
 * over later ones, arrays replaced not merged). Returns the params blob's
 * bytes, or undefined when there is nothing to write.
 */
export function mergeParams(
  request: Map<string, ParamValue>,
  existingBlobs: readonly string[],
): string | undefined {
  const merged = new Map<string, GoJsonValue>();
  for (const [k, v] of request) merged.set(k, v);
  for (const text of existingBlobs) {
    let obj: unknown;
    try {
      obj = JSON.parse(text);
    } catch (err) {
      throw builderError(
        'MODEL_BAD_LAYER',
        `the base model's params layer is not valid JSON: ${(err as Error).message}`,
      );
    }
    if (!obj || typeof obj !== 'object' || Array.isArray(obj)) continue;
    for (const [k, v] of Object.entries(obj as Record<string, unknown>)) {
      if (!merged.has(k)) merged.set(k, toGoValue(v));
    }
  }
  if (merged.size === 0) return undefined;
  return encodeGoJson(merged);
}

/** A decoded JSON value as Go's `map[string]any` holds it (objects are maps, re-encoded with sorted keys). */
function toGoValue(v: unknown): GoJsonValue {
  if (v === null || typeof v === 'boolean' || typeof v === 'number' || typeof v === 'string')
    return v;
  if (Array.isArray(v)) return v.map(toGoValue);
  return new Map(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, toGoValue(x)]));
}
