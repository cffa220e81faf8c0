/** Safetensors dtypes (the `dtype` strings of the header). */
export type SafetensorsDtype =
  | 'BOOL'
  | 'U8'
  | 'I8'
  | 'F8_E4M3'
  | 'F8_E5M2'
  | 'F8_E8M0'
  | 'I16'
  | 'U16'
  | 'F16'
  | 'BF16'
  | 'I32'
  | 'U32'
  | 'F32'
  | 'I64'
  | 'U64'
  | 'F64'
  | 'F4'
  | 'F6_E2M3'
  | 'F6_E3M2';

export interface DtypeInfo {
  dtype: SafetensorsDtype;
  /** Bytes per element (sub-byte types: fractions such as 0.5). */
  bytes: number;
}

const sizes: Record<SafetensorsDtype, number> = {
  BOOL: 1,
  U8: 1,
  I8: 1,
  F8_E4M3: 1,
  F8_E5M2: 1,
  F8_E8M0: 1,
  I16: 2,
  U16: 2,
  F16: 2,
  BF16: 2,
  I32: 4,
  U32: 4,
  F32: 4,
  I64: 8,
  U64: 8,
  F64: 8,
  F4: 0.5,
  F6_E2M3: 0.75,
  F6_E3M2: 0.75,
};

/** Every dtype the safetensors format defines. */
export const safetensorsDtypes = Object.keys(sizes) as SafetensorsDtype[];

export function isSafetensorsDtype(s: string): s is SafetensorsDtype {
  return Object.hasOwn(sizes, s);
}

/** Size information for a dtype (throws a RangeError for an unknown one). */
export function dtypeInfo(dtype: SafetensorsDtype): DtypeInfo {
  const bytes = sizes[dtype];
  if (bytes === undefined) throw new RangeError(`unknown safetensors dtype ${dtype}`);
  return { dtype, bytes };
}
