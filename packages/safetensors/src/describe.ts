/**
 * Describing a model on disk without reading its weights: which format a
 * path holds (GGUF or safetensors, from the magic bytes or the names), the
 * Hugging Face `config.json` beside it, and the JSON `mfc inspect --json`
 * prints for a safetensors model (the counterpart of gguf's `ggufJson`).
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { checkInputPath } from '@mfc/diagnostics';
import { safetensorsError } from './error-codes.js';
import { fileGgufMagic, isUrl, parameterSizeLabel } from '@mfc/gguf';
import type { SafetensorsModel } from './sharded.js';

export type ModelFormat = 'gguf' | 'safetensors';

/**
 * The format of a model file, folder or URL: the magic bytes for local files,
 * the names for URLs and folders. A `.gguf` that is not GGUF is still `gguf`,
 * so the GGUF reader explains what is wrong with it.
 */
export async function detectModelFormat(target: string): Promise<ModelFormat> {
  if (isUrl(target)) {
    const path = target.replace(/[?#].*$/, '');
    return /\.safetensors$|\.index\.json$/.test(path) ? 'safetensors' : 'gguf';
  }
  const info = await checkInputPath(target, { directory: true });
  if (info.isDirectory()) {
    const names = await readdir(target);
    if (names.some((n) => n.endsWith('.safetensors') || n.endsWith('.safetensors.index.json')))
      return 'safetensors';
    if (names.some((n) => n.endsWith('.gguf'))) return 'gguf';
    throw safetensorsError('INSPECT_NO_MODEL', 'no .gguf or .safetensors files in this folder', {
      location: { file: target },
    });
  }
  if (target.endsWith('.json')) return 'safetensors';
  if ((await fileGgufMagic(target)) === 'gguf') return 'gguf';
  if (target.endsWith('.safetensors')) return 'safetensors';
  if (target.endsWith('.gguf')) return 'gguf';
  return 'safetensors';
}

/** The `config.json` of a model folder (or of a model file's folder); undefined for URLs or when absent or not JSON. */
export async function readModelConfig(
  target: string,
): Promise<Record<string, unknown> | undefined> {
  if (isUrl(target)) return undefined;
  const dir = (await stat(target)).isDirectory() ? target : join(target, '..');
  try {
    return JSON.parse(await readFile(join(dir, 'config.json'), 'utf8'));
  } catch {
    return undefined;
  }
}

export interface SafetensorsJson {
  format: 'safetensors';
  version: null;
  files: string[];
  index: string | null;
  size: number;
  architecture: string | null;
  parameterCount: number;
  parameterSize: string;
  /** The most common dtype of the matrices (of all tensors when there are none). */
  fileType: string | null;
  metadata: Record<string, string>;
  tensors: {
    name: string;
    type: string;
    shape: number[];
    offset: number;
    absoluteOffset: number;
    size: number;
    /** The shard's file name, for sharded models. */
    file?: string;
  }[];
}

/** The JSON `mfc inspect --json` prints for a safetensors model, with its `config.json` if any. */
export function safetensorsJson(
  model: SafetensorsModel,
  config: Record<string, unknown> | undefined,
): SafetensorsJson {
  const matrixDtypes = model.tensors.filter((t) => t.shape.length >= 2).map((t) => t.dtype);
  const fileType =
    mostCommon(matrixDtypes.length > 0 ? matrixDtypes : model.tensors.map((t) => t.dtype)) ?? null;
  const architecture = Array.isArray(config?.architectures)
    ? String(config.architectures[0])
    : null;
  return {
    format: 'safetensors',
    version: null,
    files: model.files,
    index: model.index ?? null,
    size: model.size,
    architecture,
    parameterCount: model.parameterCount,
    parameterSize: parameterSizeLabel(model.parameterCount),
    fileType,
    metadata: model.metadata,
    tensors: model.tensors.map((t) => ({
      name: t.name,
      type: t.dtype,
      shape: t.shape,
      offset: t.dataOffsets[0],
      absoluteOffset: t.absoluteOffset,
      size: t.byteSize,
      ...(model.files.length > 1 ? { file: basename(t.file) } : {}),
    })),
  };
}

function mostCommon(items: string[]): string | undefined {
  const counts = new Map<string, number>();
  for (const i of items) counts.set(i, (counts.get(i) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0];
}
