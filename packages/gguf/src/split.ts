import { access, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { MfcError, UsageError } from '@mfc/diagnostics';
import { isUrl } from './byte-source.js';
import { fileTypeName } from './file-types.js';
import { openGguf, type GgufFile, type OpenGgufOptions } from './gguf-file.js';
import type { GgufKv, GgufTensorInfo } from './header-reader.js';
import { parameterSizeLabel } from './parameter-label.js';
import type { GgufValue } from './values.js';

/** `model-00001-of-00003.gguf` → prefix `model`, shard 1, count 3 (1-based, as llama.cpp names them). */
const SHARD_NAME = /^(?<prefix>.*)-(?<shard>\d{5})-of-(?<count>\d{5})\.gguf$/;

export interface ShardName {
  prefix: string;
  /** 1-based. */
  shard: number;
  count: number;
}

/** Parses a split-GGUF file name or path, or returns undefined. */
export function parseShardName(pathOrUrl: string): ShardName | undefined {
  const m = SHARD_NAME.exec(pathOrUrl.replace(/[?#].*$/, ''));
  if (!m?.groups) return undefined;
  return { prefix: m.groups.prefix, shard: Number(m.groups.shard), count: Number(m.groups.count) };
}

/** The path of shard `shard` (1-based) of `count`, as `llama_split_path` builds it. */
export function shardPath(prefix: string, shard: number, count: number): string {
  return `${prefix}-${String(shard).padStart(5, '0')}-of-${String(count).padStart(5, '0')}.gguf`;
}

/** A tensor of a split set: which shard holds it. */
export interface GgufSetTensor extends GgufTensorInfo {
  /** 0-based shard index (`split.no`). */
  shard: number;
  /** The shard's path or URL. */
  file: string;
}

/** A split GGUF set (or a single file) presented as one model. */
export interface GgufSet {
  /** Shard paths in order (one element for a single file). */
  files: string[];
  shards: GgufFile[];
  /** Metadata of shard 0, which holds the model's KVs. */
  metadata: Map<string, GgufKv>;
  tensors: GgufSetTensor[];
  architecture: string | undefined;
  fileType: number | undefined;
  fileTypeName: string;
  parameterCount: number;
  parameterSize: string;
  /** Total bytes of all shards. */
  size: number;
  get(key: string): GgufValue | undefined;
  /** Streams one tensor's bytes from the shard that holds it. */
  readTensorData(
    tensor: GgufSetTensor | string,
    options?: { chunkSize?: number },
  ): AsyncIterable<Uint8Array>;
}

/**
 * Opens a GGUF file, and when its name is `<prefix>-0000k-of-0000n.gguf`
 * (any shard of the set), all shards of the set. Checks that every shard
 * exists and that `split.no`, `split.count` and `split.tensors.count` agree;
 * throws `GGUF_SPLIT_*` errors naming the missing or inconsistent shard.
 */
export async function openGgufSet(
  pathOrUrl: string,
  options: OpenGgufOptions = {},
): Promise<GgufSet> {
  const name = parseShardName(pathOrUrl);
  if (!name) {
    const file = await openGguf(pathOrUrl, options);
    const splitCount = file.get('split.count');
    if (typeof splitCount === 'number' && splitCount > 1) {
      throw new MfcError(
        'GGUF_SPLIT_NAME',
        `this file is shard ${Number(file.get('split.no')) + 1} of a ${splitCount}-shard set, but its name does not say so`,
        {
          location: { file: pathOrUrl },
          hint: 'split GGUF files are named <prefix>-00001-of-0000N.gguf; keep the names llama.cpp gave them',
        },
      );
    }
    return combine([pathOrUrl], [file]);
  }
  const files = Array.from({ length: name.count }, (_, i) =>
    shardPath(name.prefix, i + 1, name.count),
  );
  if (!isUrl(pathOrUrl)) {
    const missing: string[] = [];
    for (const f of files) {
      try {
        await access(f);
      } catch {
        missing.push(f);
      }
    }
    if (missing.length > 0) {
      throw new MfcError(
        'GGUF_SPLIT_MISSING',
        `split set is missing ${missing.length} of ${name.count} shards: ${missing.join(', ')}`,
        {
          location: { file: pathOrUrl },
        },
      );
    }
  }
  const shards: GgufFile[] = [];
  for (const f of files) shards.push(await openGguf(f, options));
  shards.forEach((s, i) => {
    const no = s.get('split.no');
    const count = s.get('split.count');
    if (no === undefined || count === undefined) {
      throw new MfcError(
        'GGUF_SPLIT_INCONSISTENT',
        `shard ${i + 1} of ${name.count} has no split.no/split.count keys`,
        { location: { file: files[i] } },
      );
    }
    if (no !== i) {
      throw new MfcError(
        'GGUF_SPLIT_INCONSISTENT',
        `shard ${i + 1} says it is split.no ${String(no)} (expected ${i})`,
        {
          location: { file: files[i], byteOffset: s.metadata.get('split.no')!.offset },
        },
      );
    }
    if (count !== name.count) {
      throw new MfcError(
        'GGUF_SPLIT_INCONSISTENT',
        `shard ${i + 1} says the set has ${String(count)} shards, its name says ${name.count}`,
        {
          location: { file: files[i], byteOffset: s.metadata.get('split.count')!.offset },
        },
      );
    }
  });
  const set = combine(files, shards);
  const declared = shards[0].get('split.tensors.count');
  if (declared !== undefined && declared !== set.tensors.length) {
    throw new MfcError(
      'GGUF_SPLIT_INCONSISTENT',
      `split.tensors.count is ${String(declared)} but the shards hold ${set.tensors.length} tensors`,
      {
        location: {
          file: files[0],
          byteOffset: shards[0].metadata.get('split.tensors.count')!.offset,
        },
      },
    );
  }
  return set;
}

function combine(files: string[], shards: GgufFile[]): GgufSet {
  const tensors: GgufSetTensor[] = [];
  const seen = new Map<string, number>();
  shards.forEach((s, shard) => {
    for (const t of s.tensors) {
      const before = seen.get(t.name);
      if (before !== undefined) {
        throw new MfcError(
          'GGUF_SPLIT_INCONSISTENT',
          `tensor '${t.name}' is in shard ${before + 1} and shard ${shard + 1}`,
          {
            location: { file: files[shard], byteOffset: t.infoOffset },
          },
        );
      }
      seen.set(t.name, shard);
      tensors.push({ ...t, shard, file: files[shard] });
    }
  });
  const first = shards[0];
  const parameterCount = tensors.reduce((n, t) => n + t.elementCount, 0);
  return {
    files,
    shards,
    metadata: first.metadata,
    tensors,
    architecture: first.architecture,
    fileType: first.fileType,
    fileTypeName: fileTypeName(first.fileType),
    parameterCount,
    parameterSize: parameterSizeLabel(parameterCount),
    size: shards.reduce((n, s) => n + s.fileSize, 0),
    get: first.get,
    readTensorData: (tensor, options) => {
      const t = typeof tensor === 'string' ? tensors.find((x) => x.name === tensor) : tensor;
      if (!t)
        throw new MfcError('GGUF_NO_SUCH_TENSOR', `no tensor named '${String(tensor)}'`, {
          location: { file: files[0] },
        });
      return shards[t.shard].readTensorData(t, options);
    },
  };
}

/**
 * The GGUF model a path names: the path itself for a file or URL; for a
 * folder, its one GGUF file (or the first shard of its one split set).
 * A folder with several models is a usage error: the user names the file.
 */
export async function ggufModelPath(target: string): Promise<string> {
  if (isUrl(target) || !(await stat(target)).isDirectory()) return target;
  const ggufs = (await readdir(target)).filter((n) => n.endsWith('.gguf')).sort();
  const models = new Set(ggufs.map((n) => parseShardName(n)?.prefix ?? n));
  if (models.size !== 1) {
    throw new UsageError(
      `the folder holds ${models.size} GGUF models: ${[...models].join(', ')}`,
      'name the file to inspect',
    );
  }
  return join(target, ggufs[0]);
}
