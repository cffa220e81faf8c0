import { withAtomicFile } from '@mfc/diagnostics';
import { dtypeInfo, type SafetensorsDtype } from './dtypes.js';
import { safetensorsError } from './error-codes.js';

/** One tensor to write: `shape` in PyTorch order (outermost first), `data` exactly its bytes (little-endian). */
export interface SafetensorsTensorInput {
  name: string;
  dtype: SafetensorsDtype;
  shape: readonly number[];
  data: Uint8Array;
}

/**
 * Writes a `.safetensors` file: the 8-byte header length, the JSON header
 * (padded with spaces so the data starts 8-byte aligned, as the safetensors
 * library does), then the tensors in the order given. Written under a
 * temporary name and renamed into place.
 */
export async function writeSafetensors(
  path: string,
  tensors: readonly SafetensorsTensorInput[],
  metadata: Record<string, string> = {},
): Promise<void> {
  const header: Record<string, unknown> = {};
  if (Object.keys(metadata).length > 0) header.__metadata__ = metadata;
  let at = 0;
  for (const t of tensors) {
    const info = dtypeInfo(t.dtype);
    const expected = t.shape.reduce((n, d) => n * d, 1) * info.bytes;
    if (expected !== t.data.length) {
      throw safetensorsError(
        'SAFETENSORS_WRITE_SIZE',
        `tensor '${t.name}' should have ${expected} bytes but has ${t.data.length}`,
      );
    }
    header[t.name] = { dtype: t.dtype, shape: [...t.shape], data_offsets: [at, at + expected] };
    at += expected;
  }
  let json = new TextEncoder().encode(JSON.stringify(header));
  const padded = Math.ceil(json.length / 8) * 8;
  if (padded !== json.length) {
    const p = new Uint8Array(padded).fill(0x20);
    p.set(json);
    json = p;
  }
  const prefix = new Uint8Array(8);
  new DataView(prefix.buffer).setBigUint64(0, BigInt(json.length), true);
  // Beside the user's files: deleted on Ctrl-C as on failure.
  await withAtomicFile(path, async (f) => {
    await f.write(prefix);
    await f.write(json);
    for (const t of tensors) await f.write(t.data);
  });
}
