import { resolveModelsDir } from '@mfc/store';
import { flag, listOption, stringOption, type CommandContext, type OptionSpec } from './command.js';

/** The `--models DIR` option every store command takes. */
export const modelsOption: OptionSpec = {
  type: 'string',
  valueName: 'DIR',
  description: 'Models folder (default $OLLAMA_MODELS or ~/.ollama/models)',
};

/** The store folder a command works on: `--models`, else `$OLLAMA_MODELS`, else Ollama's default. */
export function modelsDirOf(ctx: CommandContext): string {
  return resolveModelsDir(stringOption(ctx, 'models'), ctx.env, ctx.cwd);
}

/** The `--llama-cpp DIR` option of the commands that run llama.cpp tools. */
export const llamaCppOption: OptionSpec = {
  type: 'string',
  valueName: 'DIR',
  description: 'A llama.cpp folder with the tools (default $MFC_LLAMA_CPP)',
};

/** llama-quantize's pass-through options, shared by `mfc quantize` and `mfc build --quantize`. */
export const quantizeTuningOptions: Record<string, OptionSpec> = {
  imatrix: {
    type: 'string',
    valueName: 'FILE',
    description:
      'Importance matrix, GGUF or .dat from llama-imatrix (needed by IQ1/IQ2/IQ3_XXS/XS, Q2_K_S)',
  },
  'allow-requantize': {
    type: 'boolean',
    description: 'Accept an already quantized model (quality suffers)',
  },
  'leave-output-tensor': { type: 'boolean', description: 'Do not quantize output.weight' },
  'output-tensor-type': {
    type: 'string',
    valueName: 'TYPE',
    description: 'Type for output.weight (e.g. q8_0)',
  },
  'token-embedding-type': {
    type: 'string',
    valueName: 'TYPE',
    description: 'Type for token_embd.weight',
  },
  'tensor-type': {
    type: 'string',
    multiple: true,
    valueName: 'PATTERN=TYPE',
    description: 'Type for tensors whose name matches PATTERN (repeatable)',
  },
};

/** The values of `quantizeTuningOptions`, named as `@mfc/llama-cpp` takes them. */
export function quantizeTuningOf(ctx: CommandContext) {
  return {
    imatrix: stringOption(ctx, 'imatrix'),
    allowRequantize: flag(ctx, 'allow-requantize'),
    leaveOutputTensor: flag(ctx, 'leave-output-tensor'),
    outputTensorType: stringOption(ctx, 'output-tensor-type'),
    tokenEmbeddingType: stringOption(ctx, 'token-embedding-type'),
    tensorTypes: listOption(ctx, 'tensor-type'),
  };
}
