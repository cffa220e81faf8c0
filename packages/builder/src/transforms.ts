import { MfcError } from '@mfc/diagnostics';
import type { GgufFile } from '@mfc/gguf';

/**
 * Steps that rewrite a model GGUF before it is stored. Only quantization
 * exists; it belongs to `@mfc/llama-cpp` (llama-quantize), which plugs in here.
 * When no transform is asked for, the file is stored verbatim.
 */
export interface ModelTransformOptions {
  /** Target type such as `Q4_K_M` (`--quantize`). */
  quantize?: string;
}

export interface TransformInput {
  path: string;
  gguf: GgufFile;
  /** A folder for output files; the builder adopts what it finds there into the store. */
  workDir: string;
  onStatus: (message: string) => void;
}

/** Returns the path of the rewritten GGUF, or undefined to keep the input as is. */
export async function transformModelGguf(
  input: TransformInput,
  options: ModelTransformOptions,
): Promise<string | undefined> {
  if (!options.quantize) return undefined;
  throw new MfcError(
    'BUILD_NOT_SUPPORTED',
    `quantization (--quantize ${options.quantize}) is not yet supported`,
    {
      location: { file: input.path },
      hint: 'quantize with llama-quantize first and build from its output',
    },
  );
}
