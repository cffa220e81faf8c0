import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { commitRename, discardTempPath, syncPath, tempPathFor } from '@mfc/diagnostics';
import { findLlamaTool, type FindToolOptions } from '../find-tool.js';
import { defaultThreads } from '../generate.js';
import { runLlamaTool } from '../run-tool.js';
import { checkLoraAdapter } from './check.js';
import { llamaCppError } from '../error-codes.js';

export interface MergeLoraOptions extends FindToolOptions {
  /** The base model GGUF (F32/F16, or quantized: untouched tensors keep their type). */
  base: string;
  /** GGUF LoRA adapters with their user scale (default 1). */
  adapters: { path: string; scale?: number }[];
  output: string;
  threads?: number;
  signal?: AbortSignal;
}

export interface MergeLoraResult {
  output: string;
  /** Base tensors that changed. */
  merged: number;
}

/**
 * Applies LoRA adapters into the base weights with llama.cpp's
 * `llama-export-lora` (W + Σ scale·alpha/r·B·A), for runtimes without LoRA
 * support. Adapters are checked against the base first; merged tensors
 * become F16 (F32 if the base tensor was F32), the rest are copied as they
 * are. Written to a temporary name and renamed.
 */
export async function mergeLoraAdapters(options: MergeLoraOptions): Promise<MergeLoraResult> {
  if (options.adapters.length === 0) {
    throw llamaCppError('MERGE_NO_ADAPTERS', 'nothing to merge: no adapters given', {
      kind: 'usage',
    });
  }
  if (!existsSync(options.base)) {
    throw llamaCppError('MODEL_NOT_FOUND', `no such model file: ${options.base}`, {
      location: { file: options.base },
    });
  }
  for (const a of options.adapters) await checkLoraAdapter(a.path, options.base);
  const tool = await findLlamaTool('llama-export-lora', options);
  const outDir = dirname(resolve(options.output));
  await mkdir(outDir, { recursive: true });
  // Beside the user's files: deleted on Ctrl-C as on failure.
  const tmpOut = tempPathFor(resolve(options.output));
  // --lora-scaled splits on ',' and ':': give the tool plain names.
  const links = await mkdtemp(join(tmpdir(), 'mfc-merge-'));
  try {
    const args = ['-m', resolve(options.base), '-o', tmpOut];
    for (const [i, a] of options.adapters.entries()) {
      const link = join(links, `adapter-${i}.gguf`);
      await symlink(resolve(a.path), link);
      args.push('--lora-scaled', `${link}:${a.scale ?? 1}`);
    }
    args.push('-t', String(options.threads ?? (await defaultThreads(options.base))));
    let merged = 0;
    await runLlamaTool(tool.path, args, {
      env: options.env,
      signal: options.signal,
      errorCode: 'MERGE_FAILED',
      onLine: (line) => {
        if (/^merge_tensor : \S+ \[/.test(line.trim())) merged++;
      },
    });
    if (!existsSync(tmpOut))
      throw llamaCppError('MERGE_FAILED', 'llama-export-lora finished but wrote no output');
    await syncPath(tmpOut);
    await commitRename(tmpOut, options.output);
    return { output: options.output, merged };
  } finally {
    discardTempPath(tmpOut);
    await rm(links, { recursive: true, force: true });
  }
}
