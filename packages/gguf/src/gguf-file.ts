import { openByteSource, type ByteSource, type ByteSourceOptions } from './byte-source.js';
import { modelFileError } from './error-codes.js';
import { fileTypeName } from './file-types.js';
import {
  readGgufHeader,
  type GgufHeader,
  type GgufTensorInfo,
  type ReadHeaderOptions,
} from './header-reader.js';
import { parameterSizeLabel } from './parameter-label.js';
import { GgufArray, type GgufValue } from './values.js';

export interface OpenGgufOptions extends ReadHeaderOptions, ByteSourceOptions {}

/** A GGUF file's header plus what mfc derives from it. */
export interface GgufFile extends GgufHeader {
  /** `general.architecture`, if present. */
  architecture: string | undefined;
  /** `general.file_type`, if present. */
  fileType: number | undefined;
  /** `Q4_K_M`, `F16`, … or `unknown`. */
  fileTypeName: string;
  /** Σ elements of all tensors (what Ollama reports as `general.parameter_count`). */
  parameterCount: number;
  /** Ollama's label for parameterCount, e.g. `8B`, `500.50M`. */
  parameterSize: string;
  /** A metadata value by key, or undefined. */
  get(key: string): GgufValue | undefined;
  /** Streams one tensor's bytes (reopens the file; nothing stays open between calls). */
  readTensorData(
    tensor: GgufTensorInfo | string,
    options?: { chunkSize?: number },
  ): AsyncIterable<Uint8Array>;
}

/**
 * Reads the header of a GGUF file (a path or an `http(s)://` URL read by
 * range requests). Never reads tensor data; string arrays such as a
 * vocabulary are decoded on first use unless `decodeStrings` is set.
 * Throws `MfcError` (codes `GGUF_*`) with the byte offset of any problem.
 */
export async function openGguf(
  pathOrUrl: string,
  options: OpenGgufOptions = {},
): Promise<GgufFile> {
  const src = await openByteSource(pathOrUrl, options);
  try {
    return describeGguf(await readGgufHeader(src, options), options);
  } finally {
    await src.close();
  }
}

/** Reads a GGUF header from an already open byte source (which stays open). */
export async function readGgufFrom(
  src: ByteSource,
  options: OpenGgufOptions = {},
): Promise<GgufFile> {
  return describeGguf(await readGgufHeader(src, options), options);
}

function describeGguf(header: GgufHeader, options: ByteSourceOptions): GgufFile {
  const get = (key: string) => header.metadata.get(key)?.value;
  const arch = get('general.architecture');
  const ft = get('general.file_type');
  const fileType = typeof ft === 'number' ? ft : undefined;
  let parameterCount = 0;
  for (const t of header.tensors) parameterCount += t.elementCount;
  return {
    ...header,
    architecture: typeof arch === 'string' ? arch : undefined,
    fileType,
    fileTypeName: fileTypeName(fileType),
    parameterCount,
    parameterSize: parameterSizeLabel(parameterCount),
    get,
    readTensorData: (tensor, readOptions) => {
      const info =
        typeof tensor === 'string' ? header.tensors.find((t) => t.name === tensor) : tensor;
      if (!info)
        throw modelFileError(
          'GGUF_NO_SUCH_TENSOR',
          `no tensor named '${String(tensor)}'`,
          header.source,
        );
      return streamRange(
        header.source,
        info.absoluteOffset,
        info.byteSize,
        readOptions?.chunkSize ?? 4 << 20,
        options,
      );
    },
  };
}

/** Streams `length` bytes at `offset` of a file or URL in chunks. */
export async function* streamRange(
  pathOrUrl: string,
  offset: number,
  length: number,
  chunkSize: number,
  options: ByteSourceOptions = {},
): AsyncIterable<Uint8Array> {
  const src = await openByteSource(pathOrUrl, options);
  try {
    if (offset + length > src.size) {
      throw modelFileError(
        'GGUF_TRUNCATED',
        `the file is shorter than ${offset + length} bytes`,
        pathOrUrl,
        src.size,
      );
    }
    for (let done = 0; done < length;) {
      const n = Math.min(chunkSize, length - done);
      const chunk = await src.read(offset + done, n);
      if (chunk.length !== n)
        throw modelFileError(
          'GGUF_TRUNCATED',
          'the file ended while reading tensor data',
          pathOrUrl,
          offset + done,
        );
      done += n;
      yield chunk;
    }
  } finally {
    await src.close();
  }
}

/** A value as plain JSON: bigints become strings, arrays become lists (the first `limit` elements, if given). */
export function valueToJson(value: GgufValue, limit?: number): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof GgufArray) {
    const items =
      limit === undefined || value.length <= limit ? value.toArray() : value.head(limit);
    return items.map((v) => valueToJson(v, limit));
  }
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  return value;
}
