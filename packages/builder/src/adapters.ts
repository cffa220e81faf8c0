import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { MfcError, type Location } from '@mfc/diagnostics';
import { convertPeftToGguf, isPeftAdapter } from '@mfc/convert';
import { checkLoraAdapter, type LoraAdapterInfo } from '@mfc/llama-cpp';

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
  index?: number;
}): Promise<PreparedAdapter> {
  const { source, base } = options;
  if (!existsSync(source)) {
    throw new MfcError('ADAPTER_NOT_FOUND', `no such adapter: ${source}`, {
      location: options.location ?? { file: source },
    });
  }
  try {
    if (isPeftAdapter(source)) {
      const out = join(options.workDir, `adapter-${options.index ?? 0}.gguf`);
      await convertPeftToGguf({ peft: source, base, output: out });
      return { path: out, converted: true, info: await checkLoraAdapter(out, base) };
    }
    if (statSync(source).isDirectory()) {
      throw new MfcError(
        'ADAPTER_UNKNOWN_FORMAT',
        `${source} is a folder without adapter_config.json`,
        {
          hint: 'an ADAPTER is a GGUF LoRA, or a PEFT folder (adapter_config.json + adapter_model.safetensors)',
        },
      );
    }
    return { path: source, converted: false, info: await checkLoraAdapter(source, base) };
  } catch (err) {
    if (err instanceof MfcError && options.location && !err.location.range) {
      throw new MfcError(err.code, err.message, {
        hint: err.hint,
        location: { ...err.location, ...options.location },
        cause: err,
      });
    }
    throw err;
  }
}
