import { resolveModelsDir } from '@mfc/store';
import { stringOption, type CommandContext, type OptionSpec } from './command.js';

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
