import type { MfcError } from '@mfc/diagnostics';
import { safetensorsError, type SafetensorsErrorCode } from './error-codes.js';
import { openByteSource, type ByteSource, type ByteSourceOptions } from '@mfc/gguf';
import { dtypeInfo, isSafetensorsDtype, type SafetensorsDtype } from './dtypes.js';
import { parseJsonExact, stringifyExact } from './exact-json.js';

/** One tensor of a safetensors file. `shape` is in PyTorch order (outermost first). */
export interface SafetensorsTensorInfo {
  name: string;
  dtype: SafetensorsDtype;
  shape: number[];
  /** [begin, end) relative to the start of the data (after the header), as stored. */
  dataOffsets: [number, number];
  /** Offset of the data from the start of the file. */
  absoluteOffset: number;
  byteSize: number;
  elementCount: number;
}

/** A safetensors file's header. */
export interface SafetensorsFile {
  source: string;
  fileSize: number;
  /** Length of the JSON header in bytes. */
  headerSize: number;
  /** 8 + headerSize: where tensor data begins. */
  dataOffset: number;
  /** The `__metadata__` map (string values), or {}. */
  metadata: Record<string, string>;
  tensors: SafetensorsTensorInfo[];
  parameterCount: number;
}

export interface OpenSafetensorsOptions extends ByteSourceOptions {
  /** Refuse JSON headers larger than this (default 100 MB, the safetensors library's limit). */
  maxHeaderBytes?: number;
}

function fail(
  code: SafetensorsErrorCode,
  message: string,
  file: string,
  byteOffset?: number,
): MfcError {
  return safetensorsError(code, message, { location: { file, byteOffset } });
}

/**
 * Reads the header of a `.safetensors` file (path or `http(s)://` URL) and
 * checks it: dtypes, shapes, data offsets inside the file and not overlapping.
 * Never reads tensor data. Throws `MfcError` (`SAFETENSORS_*`) with byte offsets.
 */
export async function openSafetensors(
  pathOrUrl: string,
  options: OpenSafetensorsOptions = {},
): Promise<SafetensorsFile> {
  const src = await openByteSource(pathOrUrl, options);
  try {
    return await readSafetensorsHeader(src, options);
  } finally {
    await src.close();
  }
}

/** Reads a safetensors header from an open byte source. */
export async function readSafetensorsHeader(
  src: ByteSource,
  options: OpenSafetensorsOptions = {},
): Promise<SafetensorsFile> {
  const file = src.name;
  if (src.size < 8)
    throw fail(
      'SAFETENSORS_TRUNCATED',
      `file has ${src.size} bytes; a safetensors file starts with an 8-byte header length`,
      file,
      0,
    );
  const prefix = await src.read(0, 8);
  const view = new DataView(prefix.buffer, prefix.byteOffset, 8);
  const headerSize = view.getUint32(0, true) + view.getUint32(4, true) * 4294967296;
  const max = options.maxHeaderBytes ?? 100_000_000;
  if (headerSize > src.size - 8) {
    throw fail(
      'SAFETENSORS_TRUNCATED',
      `header length ${headerSize} runs past the end of the file (${src.size} bytes)`,
      file,
      0,
    );
  }
  if (headerSize > max)
    throw fail(
      'SAFETENSORS_HEADER_TOO_LARGE',
      `header length ${headerSize} is over the ${max}-byte limit`,
      file,
      0,
    );
  const bytes = await src.read(8, headerSize);
  if (bytes.length !== headerSize)
    throw fail('SAFETENSORS_TRUNCATED', 'the file ended inside the header', file, 8 + bytes.length);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw fail('SAFETENSORS_BAD_UTF8', 'the JSON header is not valid UTF-8', file, 8);
  }
  if (!text.startsWith('{'))
    throw fail('SAFETENSORS_BAD_HEADER', 'the header does not start with a JSON object', file, 8);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    const m = /position (\d+)/.exec((err as Error).message);
    const at = m ? 8 + new TextEncoder().encode(text.slice(0, Number(m[1]))).length : 8;
    throw fail(
      'SAFETENSORS_BAD_JSON',
      `the header is not valid JSON: ${(err as Error).message}`,
      file,
      at,
    );
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw fail('SAFETENSORS_BAD_HEADER', 'the header is not a JSON object', file, 8);
  }
  const dataOffset = 8 + headerSize;
  const dataSize = src.size - dataOffset;
  const metadata: Record<string, string> = {};
  const tensors: SafetensorsTensorInfo[] = [];
  // For error messages: the header reparsed with integers beyond 2^53 exact.
  let exact: Record<string, unknown> | undefined;
  const exactEntry = (name: string) =>
    (exact ??= parseJsonExact(text) as Record<string, unknown>)[name] as
      Record<string, unknown> | undefined;
  for (const [name, entry] of Object.entries(json as Record<string, unknown>)) {
    if (name === '__metadata__') {
      if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
        throw fail('SAFETENSORS_BAD_HEADER', '__metadata__ is not an object', file, 8);
      }
      for (const [k, v] of Object.entries(entry)) {
        if (typeof v !== 'string')
          throw fail('SAFETENSORS_BAD_HEADER', `__metadata__.${k} is not a string`, file, 8);
        metadata[k] = v;
      }
      continue;
    }
    tensors.push(tensorInfo(name, entry, dataOffset, dataSize, file, exactEntry));
  }
  const byStart = [...tensors].sort((a, b) => a.dataOffsets[0] - b.dataOffsets[0]);
  for (let i = 1; i < byStart.length; i++) {
    if (byStart[i].dataOffsets[0] < byStart[i - 1].dataOffsets[1]) {
      throw fail(
        'SAFETENSORS_OVERLAP',
        `tensors '${byStart[i - 1].name}' and '${byStart[i].name}' overlap`,
        file,
        byStart[i].absoluteOffset,
      );
    }
  }
  return {
    source: file,
    fileSize: src.size,
    headerSize,
    dataOffset,
    metadata,
    tensors,
    parameterCount: tensors.reduce((n, t) => n + t.elementCount, 0),
  };
}

function tensorInfo(
  name: string,
  entry: unknown,
  dataOffset: number,
  dataSize: number,
  file: string,
  exactEntry: (name: string) => Record<string, unknown> | undefined,
): SafetensorsTensorInfo {
  const exactText = (field: string, fallback: unknown) =>
    stringifyExact(exactEntry(name)?.[field] ?? fallback);
  const bad = (why: string) => fail('SAFETENSORS_BAD_TENSOR', `tensor '${name}': ${why}`, file, 8);
  if (typeof entry !== 'object' || entry === null) throw bad('entry is not an object');
  const { dtype, shape, data_offsets: offsets } = entry as Record<string, unknown>;
  if (typeof dtype !== 'string' || !isSafetensorsDtype(dtype))
    throw bad(`unknown dtype ${JSON.stringify(dtype)}`);
  if (
    !Array.isArray(shape) ||
    shape.length > 16 ||
    !shape.every((d) => Number.isSafeInteger(d) && d >= 0)
  ) {
    throw bad(`invalid shape ${exactText('shape', shape)}`);
  }
  if (
    !Array.isArray(offsets) ||
    offsets.length !== 2 ||
    !offsets.every((o) => Number.isSafeInteger(o) && o >= 0) ||
    offsets[1] < offsets[0]
  ) {
    throw bad(`invalid data_offsets ${exactText('data_offsets', offsets)}`);
  }
  let elements = 1;
  for (const d of shape as number[]) elements *= d;
  const byteSize = elements * dtypeInfo(dtype).bytes;
  const [begin, end] = offsets as [number, number];
  if (!Number.isSafeInteger(byteSize) || end - begin !== byteSize) {
    // The product of safe dimensions may not be safe itself: say it exactly.
    const needs = (shape as number[]).reduce(
      (n, d) => n * BigInt(d),
      BigInt(dtypeInfo(dtype).bytes),
    );
    throw bad(
      `data_offsets [${begin}, ${end}] hold ${end - begin} bytes, but ${dtype} ${JSON.stringify(shape)} needs ${needs}`,
    );
  }
  if (end > dataSize) {
    throw fail(
      'SAFETENSORS_OUT_OF_BOUNDS',
      `tensor '${name}' ends at data byte ${end}, past the end of the file`,
      file,
      dataOffset + begin,
    );
  }
  return {
    name,
    dtype,
    shape: shape as number[],
    dataOffsets: [begin, end],
    absoluteOffset: dataOffset + begin,
    byteSize,
    elementCount: elements,
  };
}
