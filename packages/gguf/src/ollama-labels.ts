import { fileTypeName } from './file-types.js';
import type { GgufFile } from './gguf-file.js';
import { GgufValueType } from './values.js';

/** `general.architecture`, or Ollama's default `unknown`. */
export function architectureOf(f: GgufFile): string {
  const v = f.get('general.architecture');
  return typeof v === 'string' ? v : 'unknown';
}

/**
 * The config's `file_type` as Ollama labels it: `general.file_type` read only
 * as a u32, and 0 (F32) or a missing key as `unknown`.
 */
export function fileTypeLabel(f: GgufFile): string {
  const kv = f.metadata.get('general.file_type');
  if (
    !kv ||
    kv.type !== GgufValueType.UINT32 ||
    typeof kv.value !== 'number' ||
    kv.value === 0 ||
    kv.value >= 1024
  )
    return 'unknown';
  return fileTypeName(kv.value);
}
