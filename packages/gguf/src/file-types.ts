/**
 * `general.file_type` values (`enum llama_ftype` of the llama.cpp version mfc
 * builds against): short names as Ollama and llama-quantize spell them, and
 * llama.cpp's own descriptions (`llama_ftype_name`).
 */
const fileTypes: [number, string, string][] = [
  [0, 'F32', 'all F32'],
  [1, 'F16', 'F16'],
  [2, 'Q4_0', 'Q4_0'],
  [3, 'Q4_1', 'Q4_1'],
  [7, 'Q8_0', 'Q8_0'],
  [8, 'Q5_0', 'Q5_0'],
  [9, 'Q5_1', 'Q5_1'],
  [10, 'Q2_K', 'Q2_K - Medium'],
  [11, 'Q3_K_S', 'Q3_K - Small'],
  [12, 'Q3_K_M', 'Q3_K - Medium'],
  [13, 'Q3_K_L', 'Q3_K - Large'],
  [14, 'Q4_K_S', 'Q4_K - Small'],
  [15, 'Q4_K_M', 'Q4_K - Medium'],
  [16, 'Q5_K_S', 'Q5_K - Small'],
  [17, 'Q5_K_M', 'Q5_K - Medium'],
  [18, 'Q6_K', 'Q6_K'],
  [19, 'IQ2_XXS', 'IQ2_XXS - 2.0625 bpw'],
  [20, 'IQ2_XS', 'IQ2_XS - 2.3125 bpw'],
  [21, 'Q2_K_S', 'Q2_K - Small'],
  [22, 'IQ3_XS', 'IQ3_XS - 3.3 bpw'],
  [23, 'IQ3_XXS', 'IQ3_XXS - 3.0625 bpw'],
  [24, 'IQ1_S', 'IQ1_S - 1.5625 bpw'],
  [25, 'IQ4_NL', 'IQ4_NL - 4.5 bpw'],
  [26, 'IQ3_S', 'IQ3_S - 3.4375 bpw'],
  [27, 'IQ3_M', 'IQ3_S mix - 3.66 bpw'],
  [28, 'IQ2_S', 'IQ2_S - 2.5 bpw'],
  [29, 'IQ2_M', 'IQ2_M - 2.7 bpw'],
  [30, 'IQ4_XS', 'IQ4_XS - 4.25 bpw'],
  [31, 'IQ1_M', 'IQ1_M - 1.75 bpw'],
  [32, 'BF16', 'BF16'],
  [36, 'TQ1_0', 'TQ1_0 - 1.69 bpw ternary'],
  [37, 'TQ2_0', 'TQ2_0 - 2.06 bpw ternary'],
  [38, 'MXFP4_MOE', 'MXFP4 MoE'],
  [39, 'NVFP4', 'NVFP4'],
  [40, 'Q1_0', 'Q1_0'],
  [41, 'Q2_0', 'Q2_0'],
];

/** Set on `general.file_type` when llama.cpp guessed the type. */
export const FILE_TYPE_GUESSED = 1024;

const names = new Map(fileTypes.map(([id, name]) => [id, name]));
const descriptions = new Map(fileTypes.map(([id, , d]) => [id, d]));
const idsByName = new Map(fileTypes.map(([id, name]) => [name, id]));

/** `Q4_K_M` for 15, `F16` for 1; `unknown` for a value llama.cpp does not define. */
export function fileTypeName(fileType: number | undefined): string {
  if (fileType === undefined) return 'unknown';
  return names.get(fileType & ~FILE_TYPE_GUESSED) ?? 'unknown';
}

/** llama.cpp's description, e.g. `Q4_K - Medium` for 15 (`llama_ftype_name`). */
export function fileTypeDescription(fileType: number): string {
  const guessed = (fileType & FILE_TYPE_GUESSED) !== 0 ? '(guessed) ' : '';
  return guessed + (descriptions.get(fileType & ~FILE_TYPE_GUESSED) ?? 'unknown, may not work');
}

/** The `general.file_type` value for a name such as `q4_k_m` (case-insensitive), or undefined. */
export function fileTypeByName(name: string): number | undefined {
  return idsByName.get(name.toUpperCase());
}

/** Every known file type: `{ id, name, description }`. */
export const fileTypeTable: readonly { id: number; name: string; description: string }[] =
  fileTypes.map(([id, name, description]) => ({ id, name, description }));
