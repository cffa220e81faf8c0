import { editDistance } from '@mfc/diagnostics';
import { llamaCppError } from './error-codes.js';

export interface QuantType {
  /** The name llama-quantize accepts, in its own spelling (e.g. `Q4_K_M`). */
  name: string;
  /** The `general.file_type` (`llama_ftype`) of the result; undefined for COPY (keeps the input's). */
  fileType: number | undefined;
  /** Needs an importance matrix (`--imatrix`). */
  needsImatrix: boolean;
  /** What it is, as llama-quantize's help describes it. */
  description: string;
}

// QUANT_OPTIONS of tools/quantize/quantize.cpp, in its --help order.
// `Q3_K`, `Q4_K`, `Q5_K` are llama-quantize's aliases of the _M variants.
const TABLE: [string, number | undefined, boolean, string][] = [
  ['Q1_0', 40, false, '1.125 bpw'],
  ['Q2_0', 41, false, '2.25 bpw'],
  ['Q4_0', 2, false, '4.34G @ 7B'],
  ['Q4_1', 3, false, '4.78G @ 7B'],
  ['MXFP4_MOE', 38, false, 'MXFP4 for MoE models'],
  ['Q5_0', 8, false, '5.21G @ 7B'],
  ['Q5_1', 9, false, '5.65G @ 7B'],
  ['IQ2_XXS', 19, true, '2.06 bpw'],
  ['IQ2_XS', 20, true, '2.31 bpw'],
  ['IQ2_S', 28, true, '2.5 bpw'],
  ['IQ2_M', 29, true, '2.7 bpw'],
  ['IQ1_S', 24, true, '1.56 bpw'],
  ['IQ1_M', 31, true, '1.75 bpw'],
  ['TQ1_0', 36, false, '1.69 bpw ternary'],
  ['TQ2_0', 37, false, '2.06 bpw ternary'],
  ['Q2_K', 10, false, '2.96G @ Llama-3-8B'],
  ['Q2_K_S', 21, true, '2.96G @ Llama-3-8B, small'],
  ['IQ3_XXS', 23, true, '3.06 bpw'],
  ['IQ3_S', 26, false, '3.44 bpw'],
  ['IQ3_M', 27, false, '3.66 bpw'],
  ['Q3_K', 12, false, 'alias for Q3_K_M'],
  ['IQ3_XS', 22, true, '3.3 bpw'],
  ['Q3_K_S', 11, false, '3.41G @ Llama-3-8B'],
  ['Q3_K_M', 12, false, '3.74G @ Llama-3-8B'],
  ['Q3_K_L', 13, false, '4.03G @ Llama-3-8B'],
  ['IQ4_NL', 25, false, '4.50 bpw non-linear'],
  ['IQ4_XS', 30, false, '4.25 bpw non-linear'],
  ['Q4_K', 15, false, 'alias for Q4_K_M'],
  ['Q4_K_S', 14, false, '4.37G @ Llama-3-8B'],
  ['Q4_K_M', 15, false, '4.58G @ Llama-3-8B'],
  ['Q5_K', 17, false, 'alias for Q5_K_M'],
  ['Q5_K_S', 16, false, '5.21G @ Llama-3-8B'],
  ['Q5_K_M', 17, false, '5.33G @ Llama-3-8B'],
  ['Q6_K', 18, false, '6.14G @ Llama-3-8B'],
  ['Q8_0', 7, false, '7.96G @ Llama-3-8B'],
  ['F16', 1, false, '14.00G @ Mistral-7B'],
  ['BF16', 32, false, '14.00G @ Mistral-7B'],
  ['F32', 0, false, '26.00G @ 7B'],
  ['COPY', undefined, false, 'only copy tensors, no quantizing'],
];

/** Every type llama-quantize accepts, in its --help order. */
export const QUANT_TYPES: readonly QuantType[] = TABLE.map(
  ([name, fileType, needsImatrix, description]) => ({
    name,
    fileType,
    needsImatrix,
    description,
  }),
);

const BY_NAME = new Map(QUANT_TYPES.map((t) => [t.name.toUpperCase(), t]));

/**
 * Looks up a quantization type by name, case-insensitively (`q4_k_m`,
 * `Q4_K_M`), or by its numeric file type as llama-quantize does (`15`).
 * Unknown names get an `MfcError` listing the closest names.
 */
export function parseQuantType(input: string): QuantType {
  const key = input.trim().toUpperCase().replace(/-/g, '_');
  const byName = BY_NAME.get(key);
  if (byName) return byName;
  if (/^\d+$/.test(key)) {
    const byNumber = QUANT_TYPES.find(
      (t) => t.fileType === Number(key) && !/^Q[345]_K$/.test(t.name),
    );
    if (byNumber) return byNumber;
  }
  const near = QUANT_TYPES.map((t) => ({ name: t.name, d: editDistance(t.name, key) }))
    .filter((t) => t.d <= 2)
    .sort((a, b) => a.d - b.d)
    .slice(0, 3)
    .map((t) => t.name);
  throw llamaCppError('QUANT_TYPE_UNKNOWN', `unknown quantization type "${input}"`, {
    hint: near.length
      ? `did you mean ${near.join(' or ')}? (all types: ${QUANT_TYPES.map((t) => t.name).join(', ')})`
      : `known types: ${QUANT_TYPES.map((t) => t.name).join(', ')}`,
    kind: 'usage',
  });
}

/** True for F32/F16/BF16 tensor types (the ones llama-quantize reads without --allow-requantize). */
export function isFloatTensorType(name: string): boolean {
  return /^(f32|f16|bf16|f64)$/i.test(name);
}
