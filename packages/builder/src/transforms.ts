import { transformModelForBuild, type ModelGgufTransform } from '@mfc/llama-cpp';
import type { GgufFile } from '@mfc/gguf';

/**
 * Steps that rewrite a model GGUF before it is stored: merging an adapter
 * and quantization, both done by `@mfc/llama-cpp` (llama.cpp's tools).
 * When no transform is asked for, the file is stored verbatim.
 */
export type ModelTransformOptions = Pick<
  ModelGgufTransform,
  | 'quantize'
  | 'imatrix'
  | 'allowRequantize'
  | 'leaveOutputTensor'
  | 'outputTensorType'
  | 'tokenEmbeddingType'
  | 'tensorTypes'
  | 'llamaCppDir'
> & {
  /** Merge the ADAPTER into the model weights instead of storing it as a layer (`--merge-adapters`). */
  mergeAdapters?: boolean;
};

export interface TransformInput {
  path: string;
  gguf: GgufFile;
  /** A folder for output files; the builder adopts what it finds there into the store. */
  workDir: string;
  onStatus: (message: string) => void;
  onWarning?: (message: string) => void;
  /** Quantization progress: tensors done out of the model's total. */
  onTensor?: (done: number, total: number) => void;
  /** GGUF LoRA adapters to merge into the weights (with `mergeAdapters`). */
  adapters?: string[];
}

/**
 * Returns the path of the rewritten GGUF, or undefined to keep the input as
 * is: adapters merged with llama-export-lora, then quantized with
 * llama-quantize (`@mfc/llama-cpp`).
 */
export async function transformModelGguf(
  input: TransformInput,
  options: ModelTransformOptions,
): Promise<string | undefined> {
  const { quantize, mergeAdapters, ...rest } = options;
  return transformModelForBuild(
    {
      path: input.path,
      workDir: input.workDir,
      onStatus: input.onStatus,
      onWarning: input.onWarning,
      onProgress: (e) => {
        if (e.kind === 'tensor') input.onTensor?.(e.index, e.total);
      },
    },
    {
      imatrix: rest.imatrix,
      allowRequantize: rest.allowRequantize,
      leaveOutputTensor: rest.leaveOutputTensor,
      outputTensorType: rest.outputTensorType,
      tokenEmbeddingType: rest.tokenEmbeddingType,
      tensorTypes: rest.tensorTypes,
      llamaCppDir: rest.llamaCppDir,
      quantize,
      mergeAdapters: mergeAdapters ? input.adapters?.map((path) => ({ path })) : undefined,
    },
  );
}
