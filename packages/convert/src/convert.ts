import { writeGguf } from '@mfc/gguf';
import { planConversion, type ConversionPlan, type PlanOptions } from './plan.js';
import { ShardReader, tensorChunks } from './tensor-data.js';

export interface ConvertOptions extends PlanOptions {
  /** Bytes of tensor data written so far, and the total. */
  onProgress?: (written: number, total: number) => void;
}

export interface ConvertResult {
  path: string;
  size: number;
  architecture: string;
  hfArchitecture: string;
  outType: ConversionPlan['outType'];
  tensorCount: number;
  warnings: string[];
}

/**
 * Converts a Hugging Face safetensors folder to a GGUF file that llama.cpp
 * loads. Plans first (so bad input fails before any large read or write),
 * then streams each tensor through a few MB of memory into a temporary file
 * that is renamed to `outPath` when complete.
 */
export async function convertHfToGguf(
  dir: string,
  outPath: string,
  options: ConvertOptions = {},
): Promise<ConvertResult> {
  const plan = await planConversion(dir, options);
  return writeConversion(plan, outPath, options.onProgress);
}

/** Writes a planned conversion (see `planConversion`). */
export async function writeConversion(
  plan: ConversionPlan,
  outPath: string,
  onProgress?: (written: number, total: number) => void,
): Promise<ConvertResult> {
  const reader = new ShardReader();
  try {
    const written = await writeGguf(
      outPath,
      {
        metadata: plan.metadata,
        tensors: plan.tensors.map((t) => ({
          name: t.name,
          type: t.type,
          shape: t.shape,
          data: () => tensorChunks(t, reader),
        })),
      },
      { onProgress },
    );
    return {
      path: written.path,
      size: written.size,
      architecture: plan.spec.arch,
      hfArchitecture: plan.hfArchitecture,
      outType: plan.outType,
      tensorCount: plan.tensors.length,
      warnings: plan.warnings,
    };
  } finally {
    await reader.close();
  }
}
