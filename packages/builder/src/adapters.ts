import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { MfcError, atCommand, type Location } from '@mfc/diagnostics';
import { convertPeftToGguf, isPeftAdapter } from '@mfc/convert';
import { checkLoraAdapter, llamaCppError, type LoraAdapterInfo } from '@mfc/llama-cpp';
import { builderError } from './error-codes.js';

export interface PreparedAdapter {
  /** A GGUF LoRA adapter that fits the base. */
  path: string;
  /** True when it was converted from a PEFT adapter into `workDir`. */
  converted: boolean;
  info: LoraAdapterInfo;
}

/**
 * Makes an `ADAPTER` source usable: a PEFT folder or safetensors file is
 * converted to a GGUF LoRA in `workDir`; a GGUF adapter is checked against
 * the base (architecture, tensor names, shapes). Errors carry `location`.
 */
export async function prepareAdapterForBuild(options: {
  source: string;
  base: string;
  workDir: string;
  location?: Location;
  /** The Modelfile command, e.g. `ADAPTER ./lora`, leading messages placed at `location`. */
  command?: string;
  index?: number;
}): Promise<PreparedAdapter> {
  const { source, base } = options;
  if (!existsSync(source)) {
    throw llamaCppError('ADAPTER_NOT_FOUND', `no such adapter: ${source}`, {
      location: options.location
        ? { ...options.location, related: [{ file: source }] }
        : { file: source },
    });
  }
  try {
    if (isPeftAdapter(source)) {
      const out = join(options.workDir, `adapter-${options.index ?? 0}.gguf`);
      await convertPeftToGguf({ peft: source, base, output: out });
      return { path: out, converted: true, info: await checkLoraAdapter(out, base) };
    }
    if (statSync(source).isDirectory()) {
      throw builderError(
        'ADAPTER_UNKNOWN_FORMAT',
        `${source} is a folder without adapter_config.json`,
        {
          hint: 'an ADAPTER is a GGUF LoRA, or a PEFT folder (adapter_config.json + adapter_model.safetensors)',
        },
      );
    }
    return { path: source, converted: false, info: await checkLoraAdapter(source, base) };
  } catch (err) {
    // Found in the adapter (or base) file: at the Modelfile line, that file beside it.
    if (err instanceof MfcError && options.location)
      throw atCommand(err, options.location, options.command);
    throw err;
  }
}
