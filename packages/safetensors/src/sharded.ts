import { readdir, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { isMfcError, readInputFile } from '@mfc/diagnostics';
import { safetensorsError } from './error-codes.js';
import { isUrl, streamRange } from '@mfc/gguf';
import {
  openSafetensors,
  type OpenSafetensorsOptions,
  type SafetensorsFile,
  type SafetensorsTensorInfo,
} from './reader.js';

/** A tensor of a (possibly sharded) safetensors model, with the shard that holds it. */
export interface SafetensorsModelTensor extends SafetensorsTensorInfo {
  file: string;
}

/** A safetensors model: one file, or the shards named by `model.safetensors.index.json`. */
export interface SafetensorsModel {
  /** The index file, when the model is sharded. */
  index?: string;
  files: string[];
  shards: SafetensorsFile[];
  tensors: SafetensorsModelTensor[];
  parameterCount: number;
  /** Total bytes of all shards. */
  size: number;
  /** `__metadata__` of the first shard (sharded models: plus the index's `metadata`, stringified). */
  metadata: Record<string, string>;
}

const INDEX = 'model.safetensors.index.json';

/**
 * Opens a safetensors model from a `.safetensors` file, a
 * `*.safetensors.index.json` file, or a folder (its index if present, else
 * `model.safetensors`, else every `*.safetensors` in it). For a sharded model,
 * checks that every shard exists and holds the tensors the index assigns it.
 */
export async function openSafetensorsModel(
  path: string,
  options: OpenSafetensorsOptions = {},
): Promise<SafetensorsModel> {
  if (isUrl(path)) return fromFiles([path], options);
  const info = await stat(path);
  if (info.isDirectory()) {
    const names = await readdir(path);
    if (names.includes(INDEX)) return fromIndex(join(path, INDEX), options);
    if (names.includes('model.safetensors'))
      return fromFiles([join(path, 'model.safetensors')], options);
    const all = names.filter((n) => n.endsWith('.safetensors')).sort();
    if (all.length === 0) {
      throw safetensorsError('SAFETENSORS_NOT_FOUND', 'no .safetensors files in this folder', {
        location: { file: path },
      });
    }
    return fromFiles(
      all.map((n) => join(path, n)),
      options,
    );
  }
  if (path.endsWith('.index.json')) return fromIndex(path, options);
  return fromFiles([path], options);
}

async function fromFiles(
  files: string[],
  options: OpenSafetensorsOptions,
  index?: string,
): Promise<SafetensorsModel> {
  const shards: SafetensorsFile[] = [];
  for (const f of files) shards.push(await openSafetensors(f, options));
  const tensors: SafetensorsModelTensor[] = [];
  const seen = new Map<string, string>();
  shards.forEach((s, i) => {
    for (const t of s.tensors) {
      const other = seen.get(t.name);
      if (other !== undefined) {
        throw safetensorsError(
          'SAFETENSORS_DUPLICATE_TENSOR',
          `tensor '${t.name}' is in both ${basename(other)} and ${basename(files[i])}`,
          {
            location: { file: files[i] },
          },
        );
      }
      seen.set(t.name, files[i]);
      tensors.push({ ...t, file: files[i] });
    }
  });
  return {
    index,
    files,
    shards,
    tensors,
    parameterCount: tensors.reduce((n, t) => n + t.elementCount, 0),
    size: shards.reduce((n, s) => n + s.fileSize, 0),
    metadata: { ...shards[0].metadata },
  };
}

async function fromIndex(
  indexPath: string,
  options: OpenSafetensorsOptions,
): Promise<SafetensorsModel> {
  let json: { weight_map?: unknown; metadata?: unknown };
  try {
    json = JSON.parse((await readInputFile(indexPath)).toString('utf8'));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code || isMfcError(err)) throw err;
    throw safetensorsError('SAFETENSORS_BAD_INDEX', `not valid JSON: ${(err as Error).message}`, {
      location: { file: indexPath },
    });
  }
  const map = json?.weight_map;
  if (typeof map !== 'object' || map === null || Array.isArray(map)) {
    throw safetensorsError('SAFETENSORS_BAD_INDEX', 'the index has no weight_map object', {
      location: { file: indexPath },
    });
  }
  const dir = dirname(indexPath);
  const byFile = new Map<string, string[]>();
  for (const [tensor, file] of Object.entries(map)) {
    if (typeof file !== 'string' || file.includes('/') || file.includes('\\')) {
      throw safetensorsError(
        'SAFETENSORS_BAD_INDEX',
        `weight_map['${tensor}'] is not a file name in the same folder`,
        { location: { file: indexPath } },
      );
    }
    byFile.set(file, [...(byFile.get(file) ?? []), tensor]);
  }
  const files = [...byFile.keys()].sort();
  const missing: string[] = [];
  for (const f of files) {
    try {
      await stat(join(dir, f));
    } catch {
      missing.push(f);
    }
  }
  if (missing.length > 0) {
    throw safetensorsError(
      'SAFETENSORS_SHARD_MISSING',
      `the index names ${missing.length} missing shard(s): ${missing.join(', ')}`,
      {
        location: { file: indexPath },
      },
    );
  }
  const model = await fromFiles(
    files.map((f) => join(dir, f)),
    options,
    indexPath,
  );
  for (const [file, names] of byFile) {
    const full = join(dir, file);
    const present = new Set(model.tensors.filter((t) => t.file === full).map((t) => t.name));
    const absent = names.filter((n) => !present.has(n));
    if (absent.length > 0) {
      throw safetensorsError(
        'SAFETENSORS_INDEX_MISMATCH',
        `the index puts ${absent.length} tensor(s) in ${file} that it does not hold, e.g. '${absent[0]}'`,
        {
          location: { file: indexPath },
        },
      );
    }
  }
  if (typeof json.metadata === 'object' && json.metadata !== null) {
    for (const [k, v] of Object.entries(json.metadata))
      model.metadata[k] = typeof v === 'string' ? v : JSON.stringify(v);
  }
  return model;
}

/** Streams one tensor's bytes from its shard (file or URL), in chunks. */
export function safetensorsTensorData(
  tensor: Pick<SafetensorsModelTensor, 'file' | 'absoluteOffset' | 'byteSize'>,
  options: { chunkSize?: number } & OpenSafetensorsOptions = {},
): AsyncIterable<Uint8Array> {
  return streamRange(
    tensor.file,
    tensor.absoluteOffset,
    tensor.byteSize,
    options.chunkSize ?? 4 << 20,
    options,
  );
}
