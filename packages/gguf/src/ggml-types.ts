/**
 * The ggml tensor types of the llama.cpp version mfc builds against
 * (`enum ggml_type`, `ggml_blck_size`, `ggml_type_size`). Ids 4, 5, 31–33
 * and 36–38 were removed from GGUF files and are not listed.
 */
export enum GgmlType {
  F32 = 0,
  F16 = 1,
  Q4_0 = 2,
  Q4_1 = 3,
  Q5_0 = 6,
  Q5_1 = 7,
  Q8_0 = 8,
  Q8_1 = 9,
  Q2_K = 10,
  Q3_K = 11,
  Q4_K = 12,
  Q5_K = 13,
  Q6_K = 14,
  Q8_K = 15,
  IQ2_XXS = 16,
  IQ2_XS = 17,
  IQ3_XXS = 18,
  IQ1_S = 19,
  IQ4_NL = 20,
  IQ3_S = 21,
  IQ2_S = 22,
  IQ4_XS = 23,
  I8 = 24,
  I16 = 25,
  I32 = 26,
  I64 = 27,
  F64 = 28,
  IQ1_M = 29,
  BF16 = 30,
  TQ1_0 = 34,
  TQ2_0 = 35,
  MXFP4 = 39,
  NVFP4 = 40,
  Q1_0 = 41,
  Q2_0 = 42,
}

/** Block size (elements per block) and bytes per block of one ggml type. */
export interface GgmlTypeInfo {
  id: GgmlType;
  name: string;
  blockSize: number;
  bytesPerBlock: number;
  /** Bits per weight: bytesPerBlock × 8 / blockSize. */
  bitsPerWeight: number;
}

const table: [GgmlType, number, number][] = [
  [GgmlType.F32, 1, 4],
  [GgmlType.F16, 1, 2],
  [GgmlType.Q4_0, 32, 18],
  [GgmlType.Q4_1, 32, 20],
  [GgmlType.Q5_0, 32, 22],
  [GgmlType.Q5_1, 32, 24],
  [GgmlType.Q8_0, 32, 34],
  [GgmlType.Q8_1, 32, 36],
  [GgmlType.Q2_K, 256, 84],
  [GgmlType.Q3_K, 256, 110],
  [GgmlType.Q4_K, 256, 144],
  [GgmlType.Q5_K, 256, 176],
  [GgmlType.Q6_K, 256, 210],
  [GgmlType.Q8_K, 256, 292],
  [GgmlType.IQ2_XXS, 256, 66],
  [GgmlType.IQ2_XS, 256, 74],
  [GgmlType.IQ3_XXS, 256, 98],
  [GgmlType.IQ1_S, 256, 50],
  [GgmlType.IQ4_NL, 32, 18],
  [GgmlType.IQ3_S, 256, 110],
  [GgmlType.IQ2_S, 256, 82],
  [GgmlType.IQ4_XS, 256, 136],
  [GgmlType.I8, 1, 1],
  [GgmlType.I16, 1, 2],
  [GgmlType.I32, 1, 4],
  [GgmlType.I64, 1, 8],
  [GgmlType.F64, 1, 8],
  [GgmlType.IQ1_M, 256, 56],
  [GgmlType.BF16, 1, 2],
  [GgmlType.TQ1_0, 256, 54],
  [GgmlType.TQ2_0, 256, 66],
  [GgmlType.MXFP4, 32, 17],
  [GgmlType.NVFP4, 64, 36],
  [GgmlType.Q1_0, 128, 18],
  [GgmlType.Q2_0, 64, 18],
];

const byId = new Map<number, GgmlTypeInfo>();
const byName = new Map<string, GgmlTypeInfo>();
for (const [id, blockSize, bytesPerBlock] of table) {
  const info: GgmlTypeInfo = {
    id,
    name: GgmlType[id],
    blockSize,
    bytesPerBlock,
    bitsPerWeight: (bytesPerBlock * 8) / blockSize,
  };
  byId.set(id, info);
  byName.set(info.name, info);
}

/** Every ggml type that can appear in a GGUF file, in id order. */
export const ggmlTypes: readonly GgmlTypeInfo[] = [...byId.values()];

/** The type info for an id, or undefined for an unknown or removed id. */
export function ggmlTypeInfo(id: number): GgmlTypeInfo | undefined {
  return byId.get(id);
}

/** The type for a name such as `Q4_K` or `bf16` (case-insensitive), or undefined. */
export function ggmlTypeByName(name: string): GgmlTypeInfo | undefined {
  return byName.get(name.toUpperCase());
}

/** `Q4_K` for 12; `type 99` for an unknown id. */
export function ggmlTypeName(id: number): string {
  return byId.get(id)?.name ?? `type ${id}`;
}

/**
 * Bytes of a tensor of `type` with `shape` (ggml order: shape[0] is the row,
 * the fastest-varying dimension). Throws a RangeError if shape[0] is not a
 * multiple of the block size or the type is unknown.
 */
export function ggmlTensorByteSize(type: number, shape: readonly number[]): number {
  const info = byId.get(type);
  if (!info) throw new RangeError(`unknown ggml type ${type}`);
  const row = shape.length === 0 ? 1 : shape[0];
  if (row % info.blockSize !== 0) {
    throw new RangeError(
      `row size ${row} is not a multiple of the ${info.name} block size ${info.blockSize}`,
    );
  }
  let n = (row / info.blockSize) * info.bytesPerBlock;
  for (let i = 1; i < shape.length; i++) n *= shape[i];
  return n;
}

/** The number of elements of a tensor shape (1 for a scalar). */
export function elementCount(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}
