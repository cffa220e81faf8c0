import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import {
  type MfcError,
  checkInputPath,
  commitRename,
  discardTempPath,
  diskFullError,
  isDiskFull,
  syncPath,
  tempPathFor,
} from '@mfc/diagnostics';
import { llamaCppError } from './error-codes.js';
import { memoizedFileDigest } from './digest.js';
import { findLlamaTool, type FindToolOptions, type LlamaTool } from './find-tool.js';
import {
  cacheMaxBytes,
  enforceCacheLimit,
  linkOrCopy,
  quantizeCacheDir,
  touchCacheEntry,
  writeCacheMeta,
} from './quantize-cache.js';
import { isFloatTensorType, parseQuantType, type QuantType } from './quant-types.js';
import { QuantizeOutputParser, type QuantizeEvent } from './quantize-output.js';
import { runLlamaTool } from './run-tool.js';
import { bundledLlamaCppVersion } from './source.js';

export interface QuantizeOptions extends FindToolOptions {
  /** An F32, F16 or BF16 GGUF (or a quantized one with `allowRequantize`). */
  input: string;
  output: string;
  /** Any llama-quantize type, case-insensitive: `q4_K_M`, `Q8_0`, `iq2_xs`, … */
  type: string;
  /** An importance matrix (GGUF or legacy .dat); required for IQ1/IQ2/IQ3_XXS/XS and Q2_K_S. */
  imatrix?: string;
  allowRequantize?: boolean;
  leaveOutputTensor?: boolean;
  outputTensorType?: string;
  tokenEmbeddingType?: string;
  /** `PATTERN=TYPE` overrides (`--tensor-type`). */
  tensorTypes?: string[];
  /** `--pure`: no k-quant mixture. */
  pure?: boolean;
  threads?: number;
  /** The input's digest if the caller knows it (saves hashing the file again). */
  inputDigest?: string;
  /** Reuse and fill the result cache (default true). */
  cache?: boolean;
  /** The result cache folder (default `<mfc cache>/quantized`). */
  cacheDir?: string;
  /**
   * The output is never edited in place (a build adopts it into the store):
   * the cache entry and the output may be one file (a hard link) instead of
   * two copies.
   */
  shareOutput?: boolean;
  /** The cache's size limit in bytes (default `$MFC_CACHE_MAX`, else 10 GiB). */
  cacheMaxBytes?: number;
  signal?: AbortSignal;
}

export interface QuantizeResult {
  output: string;
  type: QuantType;
  /** True when the result came from the cache. */
  cached: boolean;
  /** The cache entry holding this result (absent without the cache, or when it could not be kept). */
  cacheEntry?: string;
  /** Tensors whose type changed, and all tensors (0 when cached). */
  converted: number;
  tensors: number;
  sizeBytes: number;
  warnings: string[];
}

export type QuantizeProgress = (event: QuantizeEvent) => void;

function validateTensorType(flag: string, value: string): void {
  if (!/^[a-z0-9_]+$/i.test(value)) {
    throw llamaCppError(
      'QUANT_OPTION_INVALID',
      `${flag} expects a ggml type name such as q8_0, got "${value}"`,
      {
        kind: 'usage',
      },
    );
  }
}

/** The arguments for llama-quantize, flags first, as it requires. */
function quantizeArgs(
  o: QuantizeOptions,
  type: QuantType,
  tmpOut: string,
  smallInput = false,
): string[] {
  const args: string[] = [];
  if (o.allowRequantize) args.push('--allow-requantize');
  if (o.leaveOutputTensor) args.push('--leave-output-tensor');
  if (o.pure) args.push('--pure');
  if (o.imatrix) args.push('--imatrix', o.imatrix);
  if (o.outputTensorType) {
    validateTensorType('--output-tensor-type', o.outputTensorType);
    args.push('--output-tensor-type', o.outputTensorType);
  }
  if (o.tokenEmbeddingType) {
    validateTensorType('--token-embedding-type', o.tokenEmbeddingType);
    args.push('--token-embedding-type', o.tokenEmbeddingType);
  }
  for (const t of o.tensorTypes ?? []) {
    const eq = t.lastIndexOf('=');
    if (eq <= 0 || eq === t.length - 1) {
      throw llamaCppError(
        'QUANT_OPTION_INVALID',
        `--tensor-type expects PATTERN=TYPE, got "${t}"`,
        {
          hint: 'for example --tensor-type attn_v=q8_0',
          kind: 'usage',
        },
      );
    }
    validateTensorType('--tensor-type', t.slice(eq + 1));
    args.push('--tensor-type', t);
  }
  args.push(o.input, tmpOut, type.name);
  if (o.threads) args.push(String(o.threads));
  else if (smallInput) args.push('1');
  return args;
}

/** The cache key: everything that changes the bytes of the result. */
async function cacheKey(
  o: QuantizeOptions,
  type: QuantType,
  cacheDir: string,
  tool: LlamaTool,
): Promise<string> {
  const digest = (path: string) => memoizedFileDigest(path, join(cacheDir, 'digests'));
  const key = {
    // Another llama-quantize (PATH, --llama-cpp) may quantize differently.
    llamaCpp: tool.origin === 'built' ? bundledLlamaCppVersion() : tool.path,
    input: o.inputDigest ?? (await digest(o.input)),
    type:
      type.name === 'Q4_K'
        ? 'Q4_K_M'
        : type.name === 'Q5_K'
          ? 'Q5_K_M'
          : type.name === 'Q3_K'
            ? 'Q3_K_M'
            : type.name,
    imatrix: o.imatrix ? await digest(o.imatrix) : null,
    leaveOutputTensor: !!o.leaveOutputTensor,
    outputTensorType: o.outputTensorType?.toLowerCase() ?? null,
    tokenEmbeddingType: o.tokenEmbeddingType?.toLowerCase() ?? null,
    tensorTypes: o.tensorTypes ?? [],
    pure: !!o.pure,
  };
  return createHash('sha256').update(JSON.stringify(key)).digest('hex');
}

/** What llama-quantize (C++ iostreams, C stdio) prints when its output's file system is full. */
const DISK_FULL = /basic_ios::clear|iostream error|No space left on device|failed to write/i;

/** About how large the result will be: an F16 input's size scaled by bits per weight. */
async function quantizedSizeEstimate(input: string, type: QuantType): Promise<number> {
  const size = (await stat(input)).size;
  const digit = /^I?Q(\d)/.exec(type.name)?.[1];
  const bpw =
    Number(/([\d.]+) bpw/.exec(type.description)?.[1]) ||
    (digit ? Number(digit) + 0.5 : type.name === 'F32' ? 32 : 16);
  return Math.round((size * bpw) / 16);
}

/** Turns llama-quantize's failure text into a clear error. */
function explainQuantizeFailure(
  stderr: string,
  stdout: string,
  o: QuantizeOptions,
): MfcError | undefined {
  const text = `${stderr}\n${stdout}`;
  const requant = /requantizing from type (\S+) is disabled/.exec(text);
  if (requant) {
    return llamaCppError(
      'QUANT_REQUANTIZE',
      `${o.input} is already quantized (${requant[1]} tensors)`,
      {
        hint: 'quantize from the F16/F32 original, or pass --allow-requantize (quality suffers)',
        location: { file: o.input },
      },
    );
  }
  const imatrix =
    /Missing importance matrix for tensor (\S+)|this quantization requires an importance matrix/.exec(
      text,
    );
  if (imatrix) {
    return llamaCppError(
      'QUANT_IMATRIX_REQUIRED',
      `quantizing to ${o.type} needs an importance matrix`,
      {
        hint: 'pass --imatrix FILE (made with llama-imatrix)',
      },
    );
  }
  const failed = /failed to quantize: (.+)/.exec(text);
  if (failed) {
    return llamaCppError(
      'QUANT_FAILED',
      `llama-quantize could not quantize ${o.input}: ${failed[1].trim()}`,
      {
        location: { file: o.input },
      },
    );
  }
  return undefined;
}

/**
 * Quantizes a GGUF with llama.cpp's `llama-quantize`: every type it accepts,
 * its per-tensor progress as events, its output written to a temporary name
 * and renamed, and results cached under mfc's cache folder by (input digest,
 * type, options) so the same build quantizes once.
 */
export async function quantizeGguf(
  options: QuantizeOptions,
  onProgress?: QuantizeProgress,
): Promise<QuantizeResult> {
  const type = parseQuantType(options.type);
  if (type.needsImatrix && !options.imatrix) {
    throw llamaCppError(
      'QUANT_IMATRIX_REQUIRED',
      `quantizing to ${type.name} needs an importance matrix`,
      {
        hint: `pass --imatrix FILE (made with llama-imatrix); types that need one: IQ1_S, IQ1_M, IQ2_XXS, IQ2_XS, IQ2_S, IQ2_M, IQ3_XXS, IQ3_XS, Q2_K_S`,
        kind: 'usage',
      },
    );
  }
  if (!existsSync(options.input)) {
    throw llamaCppError('MODEL_NOT_FOUND', `no such GGUF file: ${options.input}`, {
      location: { file: options.input },
    });
  }
  if (options.imatrix && !existsSync(options.imatrix)) {
    throw llamaCppError('IMATRIX_NOT_FOUND', `no such importance matrix: ${options.imatrix}`, {
      location: { file: options.imatrix },
    });
  }
  // llama-quantize would wait forever on a FIFO; refuse anything but a regular file.
  await checkInputPath(options.input);
  if (options.imatrix) await checkInputPath(options.imatrix);
  if (resolve(options.input) === resolve(options.output)) {
    throw llamaCppError('QUANT_SAME_FILE', 'the output must differ from the input', {
      kind: 'usage',
    });
  }
  // Validate the pass-through flags before any slow work.
  quantizeArgs(options, type, options.output);
  await mkdir(dirname(resolve(options.output)), { recursive: true });

  const tool = await findLlamaTool('llama-quantize', options);
  const useCache = options.cache !== false;
  const cacheDir = options.cacheDir ?? quantizeCacheDir(options.env);
  const share = Boolean(options.shareOutput);
  const key = useCache ? await cacheKey(options, type, cacheDir, tool) : undefined;
  const cached = key ? join(cacheDir, `${key}.gguf`) : undefined;
  if (key && cached && existsSync(cached)) {
    const hit = await linkOrCopy(cached, options.output, share).catch((err: unknown) => {
      // Evicted by another process meanwhile: quantize after all.
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    });
    if (hit) {
      await touchCacheEntry(cacheDir, key);
      const sizeBytes = (await stat(options.output)).size;
      return {
        output: options.output,
        type,
        cached: true,
        cacheEntry: cached,
        converted: 0,
        tensors: 0,
        sizeBytes,
        warnings: [],
      };
    }
  }
  const maxBytes = useCache ? (options.cacheMaxBytes ?? cacheMaxBytes(options.env)) : 0;
  let cacheEntry: string | undefined;

  // Beside the user's files: deleted on Ctrl-C as on failure.
  const tmpOut = tempPathFor(resolve(options.output));
  const parser = new QuantizeOutputParser();
  const warnings: string[] = [];
  let requantized = false;
  let converted = 0;
  let tensors = 0;
  const emit = (event: QuantizeEvent) => {
    if (event.kind === 'tensor') {
      tensors++;
      if (event.to) converted++;
      if (event.to && !isFloatTensorType(event.from) && !requantized) {
        requantized = true;
        const message = `requantizing an already quantized model (${event.from} tensors): quality suffers; quantize from the F16/F32 original if you can`;
        warnings.push(message);
        onProgress?.({ kind: 'warning', message });
      }
    } else if (event.kind === 'warning') {
      warnings.push(event.message);
    }
    onProgress?.(event);
  };
  try {
    // Small models quantize fastest on one thread (no thread start-up or spinning).
    const small = (await stat(options.input)).size < 256 << 20;
    await runLlamaTool(tool.path, quantizeArgs(options, type, tmpOut, small), {
      env: options.env,
      signal: options.signal,
      errorCode: 'QUANT_FAILED',
      onLine: (line, stream) => {
        if (stream === 'stderr') parser.push(line).forEach(emit);
      },
    }).catch(async (err: unknown) => {
      const cause = (err as MfcError).cause as { stderr?: unknown; stdout?: unknown } | undefined;
      const stderr = String(cause?.stderr ?? '');
      const stdout = String(cause?.stdout ?? '');
      if (DISK_FULL.test(`${stderr}\n${stdout}`)) {
        throw diskFullError(
          dirname(tmpOut),
          await quantizedSizeEstimate(options.input, type),
          `llama-quantize wrote ${basename(options.output)}`,
          err,
          (await stat(tmpOut).catch(() => ({ size: 0 }))).size,
        );
      }
      throw explainQuantizeFailure(stderr, stdout, options) ?? err;
    });
    if (key && cached) {
      await mkdir(cacheDir, { recursive: true });
      // A hard link only with shareOutput: users may edit a `mfc quantize` output in place
      // (gguf-set-metadata), which would change the cached result too.
      await linkOrCopy(tmpOut, cached, share)
        .then(async () => {
          await writeCacheMeta(cacheDir, key, { type: type.name, input: resolve(options.input) });
          cacheEntry = cached;
        })
        .catch((err: unknown) => {
          if (!isDiskFull(err)) throw err;
          // The cache is an optimisation: a full cache folder does not fail the quantization.
          onProgress?.({ kind: 'warning', message: `not cached: no space left in ${cacheDir}` });
        });
    }
    await syncPath(tmpOut);
    await commitRename(tmpOut, options.output);
  } finally {
    discardTempPath(tmpOut);
  }
  if (key) {
    const evicted = await enforceCacheLimit(cacheDir, maxBytes);
    if (evicted.some((e) => e.path === cacheEntry)) cacheEntry = undefined;
  }
  const sizeBytes = (await stat(options.output)).size;
  return {
    output: options.output,
    type,
    cached: false,
    ...(cacheEntry ? { cacheEntry } : {}),
    converted,
    tensors,
    sizeBytes,
    warnings,
  };
}
