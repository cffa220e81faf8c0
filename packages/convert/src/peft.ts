import { existsSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { LineIndex, MfcError, readInputFile } from '@mfc/diagnostics';
import { convertError } from './error-codes.js';
import {
  GgmlType,
  GgufValueType,
  kv,
  openGguf,
  writeGguf,
  type GgufKvInput,
  type GgufTensorInput,
} from '@mfc/gguf';
import { ARCHITECTURES, type ArchitectureSpec } from './architectures.js';
import { convertChunk } from './numeric.js';
import { mapTensorName } from './tensor-names.js';
import {
  openSafetensors,
  safetensorsTensorData,
  type SafetensorsTensorInfo,
} from '@mfc/safetensors';

export interface PeftToGgufOptions {
  /** A PEFT folder (`adapter_config.json` + `adapter_model.safetensors`) or the `.safetensors` file itself. */
  peft: string;
  /** The base model's GGUF: gives the architecture, head counts and tensor shapes. */
  base: string;
  output: string;
  /** Tensor type of the LoRA factors (default `f32`, as convert_lora_to_gguf.py). */
  outType?: 'f32' | 'f16';
}

export interface PeftToGgufResult {
  output: string;
  architecture: string;
  /** The alpha written to `adapter.lora.alpha` (adjusted for rsLoRA). */
  alpha: number;
  rank: number;
  /** Base tensors the adapter changes, GGUF names. */
  targets: string[];
}

interface PeftConfig {
  lora_alpha?: unknown;
  r?: unknown;
  peft_type?: unknown;
  use_dora?: unknown;
  use_rslora?: unknown;
  rank_pattern?: unknown;
  alpha_pattern?: unknown;
  target_modules?: unknown;
}

/** Finds the config and weights of a PEFT adapter given as a folder or a file. */
export function peftFiles(peft: string): { config: string; weights: string } {
  const isDir = existsSync(peft) && statSync(peft).isDirectory();
  const dir = isDir ? peft : dirname(peft);
  const config = join(dir, 'adapter_config.json');
  const weights = isDir ? join(dir, 'adapter_model.safetensors') : peft;
  if (!existsSync(weights)) {
    const bin = join(dir, 'adapter_model.bin');
    throw convertError(
      'PEFT_NO_WEIGHTS',
      existsSync(bin)
        ? `${bin} is a PyTorch pickle; mfc reads PEFT adapters as safetensors only`
        : `no adapter weights at ${weights}`,
      {
        location: { file: weights },
        hint: 'save the adapter with `model.save_pretrained(dir, safe_serialization=True)` (adapter_model.safetensors)',
      },
    );
  }
  if (!existsSync(config)) {
    throw convertError('PEFT_NO_CONFIG', `no adapter_config.json next to ${weights}`, {
      location: { file: config },
      hint: 'a PEFT adapter needs its adapter_config.json (lora_alpha, r)',
    });
  }
  return { config, weights };
}

/** True when `path` looks like a PEFT adapter (folder with adapter_config.json, or a safetensors file). */
export function isPeftAdapter(path: string): boolean {
  if (!existsSync(path)) return false;
  if (statSync(path).isDirectory()) return existsSync(join(path, 'adapter_config.json'));
  return path.endsWith('.safetensors') && existsSync(join(dirname(path), 'adapter_config.json'));
}

async function readPeftConfig(path: string): Promise<PeftConfig> {
  const text = (await readInputFile(path)).toString('utf8');
  try {
    const value = JSON.parse(text) as unknown;
    if (!value || typeof value !== 'object' || Array.isArray(value))
      throw new SyntaxError('not a JSON object');
    return value as PeftConfig;
  } catch (err) {
    const pos = /position (\d+)/.exec(String((err as Error).message));
    const range = pos
      ? (() => {
          const p = new LineIndex(text).positionAt(Number(pos[1]));
          return { start: p, end: p };
        })()
      : undefined;
    throw convertError('PEFT_BAD_CONFIG', `${path} is not valid JSON: ${(err as Error).message}`, {
      location: { file: path, range },
    });
  }
}

function configError(config: string, message: string, hint?: string): MfcError {
  return convertError('PEFT_BAD_CONFIG', `${config}: ${message}`, {
    location: { file: config },
    hint,
  });
}

type PeftTensorRole =
  { base: string; factor: 'a' | 'b' | 'norm' } | { skip: true } | { unexpected: true };

/** HF PEFT key → the base weight it changes (HF name) and which factor it is. */
function splitPeftName(name: string): PeftTensorRole {
  const stripped = name.replace(/^base_model\.model\./, '');
  const m =
    /^(.*)\.lora_(A|B)(?:\.[^.]+)?\.weight$/.exec(stripped) ??
    /^(.*)\.lora_embedding_(A|B)(?:\.[^.]+)?$/.exec(stripped);
  if (m) return { base: `${m[1]}.weight`, factor: m[2] === 'A' ? 'a' : 'b' };
  if (/\.base_layer\.weight$/.test(stripped)) return { skip: true };
  // mergekit-extract-lora stores layer norms in the adapter; llama.cpp keeps them.
  if (/(_layernorm|\.norm)\.weight$/.test(stripped)) return { base: stripped, factor: 'norm' };
  return { unexpected: true };
}

async function tensorF32(file: string, t: SafetensorsTensorInfo): Promise<Float32Array> {
  if (t.dtype !== 'F32' && t.dtype !== 'F16' && t.dtype !== 'BF16') {
    throw convertError(
      'PEFT_BAD_DTYPE',
      `tensor '${t.name}' is ${t.dtype}; LoRA factors must be F32, F16 or BF16`,
      {
        location: { file, byteOffset: t.absoluteOffset },
      },
    );
  }
  const chunks: Uint8Array[] = [];
  for await (const c of safetensorsTensorData({
    file,
    absoluteOffset: t.absoluteOffset,
    byteSize: t.byteSize,
  }))
    chunks.push(c);
  const raw = convertChunk(Buffer.concat(chunks), t.dtype, 'F32');
  const out = new Float32Array(t.elementCount);
  new Uint8Array(out.buffer).set(raw.subarray(0, out.byteLength));
  return out;
}

/**
 * llama.cpp's interleaved-RoPE row order for q/k (convert_hf_to_gguf's
 * `LlamaModel.permute`): rows viewed as (heads, 2, d/2) get axes 1 and 2
 * swapped. On a LoRA pair only B (out × r) carries the output rows.
 */
function permuteRows(
  values: Float32Array,
  rows: number,
  cols: number,
  heads: number,
): Float32Array {
  const d = rows / heads;
  const half = d / 2;
  const out = new Float32Array(values.length);
  for (let h = 0; h < heads; h++) {
    for (let i = 0; i < half; i++) {
      for (let j = 0; j < 2; j++) {
        const from = h * d + j * half + i;
        const to = h * d + i * 2 + j;
        out.set(values.subarray(from * cols, (from + 1) * cols), to * cols);
      }
    }
  }
  return out;
}

function transpose(values: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(values.length);
  for (let r = 0; r < rows; r++)
    for (let c = 0; c < cols; c++) out[c * rows + r] = values[r * cols + c];
  return out;
}

function encode(values: Float32Array, outType: 'f32' | 'f16'): Uint8Array {
  const bytes = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  return outType === 'f16' ? convertChunk(bytes, 'F32', 'F16') : bytes;
}

/**
 * Converts a PEFT LoRA adapter (safetensors) to a GGUF LoRA the way
 * llama.cpp's `convert_lora_to_gguf.py` does: tensor names mapped to the
 * base architecture's GGUF names, `lora_a = [n_in, r]`, `lora_b = [r, n_out]`,
 * the q/k RoPE row permutation applied to B for llama, token_embd's A
 * transposed, `adapter.lora.alpha` from `lora_alpha`. The base model's GGUF
 * supplies architecture and head counts; every pair is checked against it.
 */
export async function convertPeftToGguf(options: PeftToGgufOptions): Promise<PeftToGgufResult> {
  const { config: configPath, weights } = peftFiles(options.peft);
  const config = await readPeftConfig(configPath);
  if (config.peft_type !== undefined && String(config.peft_type).toUpperCase() !== 'LORA') {
    throw configError(
      configPath,
      `peft_type is ${String(config.peft_type)}; only LORA adapters can be converted`,
    );
  }
  if (config.use_dora === true) {
    throw configError(
      configPath,
      'DoRA adapters (use_dora) are not supported by llama.cpp',
      'train a plain LoRA, or merge the adapter in Python first',
    );
  }
  for (const key of ['rank_pattern', 'alpha_pattern'] as const) {
    const v = config[key];
    if (v && typeof v === 'object' && Object.keys(v).length > 0) {
      throw configError(
        configPath,
        `${key} (per-module ranks or alphas) is not supported: llama.cpp applies one alpha to every tensor`,
      );
    }
  }
  if (typeof config.lora_alpha !== 'number' || !(config.lora_alpha > 0)) {
    throw configError(configPath, 'lora_alpha is missing or not a positive number');
  }
  const outType = options.outType ?? 'f32';

  const base = await openGguf(options.base);
  const arch = base.architecture ?? '';
  const spec: ArchitectureSpec | undefined = ARCHITECTURES.find((a) => a.arch === arch);
  if (!spec) {
    throw convertError(
      'PEFT_ARCH_UNSUPPORTED',
      `mfc cannot convert PEFT adapters for "${arch}" models`,
      {
        location: { file: options.base },
        hint: `supported architectures: ${[...new Set(ARCHITECTURES.map((a) => a.arch))].join(', ')}; or convert with convert_lora_to_gguf.py and use the GGUF`,
      },
    );
  }
  const headCount = Number(base.get(`${arch}.attention.head_count`));
  const headCountKv = Number(base.get(`${arch}.attention.head_count_kv`) ?? headCount);
  const baseTensors = new Map(base.tensors.map((t) => [t.name, t]));

  const st = await openSafetensors(weights);
  const pairs = new Map<
    string,
    { a?: SafetensorsTensorInfo; b?: SafetensorsTensorInfo; role?: 'q' | 'k' }
  >();
  const norms: { name: string; info: SafetensorsTensorInfo }[] = [];
  for (const t of st.tensors) {
    const split = splitPeftName(t.name);
    if ('skip' in split) continue;
    if ('unexpected' in split) {
      throw convertError(
        'PEFT_UNEXPECTED_TENSOR',
        `'${t.name}' is not a LoRA factor (lora_A/lora_B)`,
        {
          location: { file: weights, byteOffset: t.absoluteOffset },
          hint: /embed_tokens|lm_head/.test(t.name)
            ? 'the adapter saves full embeddings (new tokens added during fine-tuning); llama.cpp adapters cannot carry them'
            : 'modules_to_save (fully trained layers) cannot be stored in a LoRA adapter',
        },
      );
    }
    const target = mapTensorName(spec, split.base);
    if (!target || target.kind === 'expert') {
      throw convertError(
        'PEFT_UNKNOWN_TENSOR',
        `'${t.name}' targets ${split.base}, which mfc cannot map to a ${arch} GGUF tensor`,
        {
          location: { file: weights, byteOffset: t.absoluteOffset },
        },
      );
    }
    if (target.kind === 'skip') {
      throw convertError(
        'PEFT_UNKNOWN_TENSOR',
        `'${t.name}' targets ${split.base}, which the ${arch} base model does not have (tied embeddings)`,
        {
          location: { file: weights, byteOffset: t.absoluteOffset },
        },
      );
    }
    if (split.factor === 'norm') {
      if (spec.normPlusOne) {
        throw convertError(
          'PEFT_UNEXPECTED_TENSOR',
          `'${t.name}': norm weights in adapters are not supported for ${arch}`,
          {
            location: { file: weights },
          },
        );
      }
      norms.push({ name: target.name, info: t });
      continue;
    }
    const pair = pairs.get(target.name) ?? { role: target.role };
    pair[split.factor] = t;
    pairs.set(target.name, pair);
  }
  if (pairs.size === 0) {
    throw convertError('PEFT_EMPTY', `${weights} has no LoRA tensors`, {
      location: { file: weights },
    });
  }

  const tensors: GgufTensorInput[] = [];
  const ranks = new Set<number>();
  const order = (name: string) => base.tensors.findIndex((t) => t.name === name);
  for (const name of [...pairs.keys()].sort((x, y) => order(x) - order(y))) {
    const { a, b, role } = pairs.get(name)!;
    if (!a || !b) {
      throw convertError(
        'PEFT_UNPAIRED',
        `${name}: the adapter has lora_${a ? 'A' : 'B'} but no lora_${a ? 'B' : 'A'}`,
        {
          location: { file: weights },
        },
      );
    }
    const w = baseTensors.get(name);
    if (!w) {
      throw convertError(
        'PEFT_TENSOR_NOT_IN_BASE',
        `the adapter changes ${name}, which the base model ${options.base} does not have`,
        {
          location: { file: weights, byteOffset: a.absoluteOffset },
          hint: 'is it the right base model?',
        },
      );
    }
    const embd = name === 'token_embd.weight';
    // PyTorch shapes: A = (r, in), B = (out, r); embeddings: A = (r, vocab), B = (n_embd, r).
    const [rank, nIn] = a.shape;
    const [nOut, rankB] = b.shape;
    const baseIn = w.shape[0];
    const baseOut = w.shape[1] ?? 1;
    const fits =
      a.shape.length === 2 &&
      b.shape.length === 2 &&
      rank === rankB &&
      (embd ? nIn === baseOut && nOut === baseIn : nIn === baseIn && nOut === baseOut);
    if (!fits) {
      throw convertError(
        'PEFT_SHAPE_MISMATCH',
        `${name}: lora_A (${a.shape}) and lora_B (${b.shape}) do not fit the base tensor [${w.shape}] (ggml order)`,
        {
          location: { file: weights, byteOffset: a.absoluteOffset },
          hint: `the adapter was trained for a model with other dimensions (base embedding size ${base.get(`${arch}.embedding_length`) ?? '?'})`,
        },
      );
    }
    ranks.add(rank);
    let av = await tensorF32(weights, a);
    let bv = await tensorF32(weights, b);
    if (spec.permuteQK && role)
      bv = permuteRows(bv, nOut, rank, role === 'q' ? headCount : headCountKv);
    if (embd) av = transpose(av, rank, nIn);
    const type = outType === 'f16' ? GgmlType.F16 : GgmlType.F32;
    tensors.push({
      name: `${name}.lora_a`,
      type,
      shape: embd ? [rank, nIn] : [nIn, rank],
      data: encode(av, outType),
    });
    tensors.push({ name: `${name}.lora_b`, type, shape: [rank, nOut], data: encode(bv, outType) });
  }
  for (const n of norms) {
    const v = await tensorF32(weights, n.info);
    tensors.push({
      name: n.name,
      type: GgmlType.F32,
      shape: [...n.info.shape].reverse(),
      data: encode(v, 'f32'),
    });
  }

  const r = typeof config.r === 'number' ? config.r : [...ranks][0];
  // rsLoRA scales by alpha/sqrt(r); llama.cpp always uses alpha/r, so fold sqrt(r) into alpha.
  const alpha = config.use_rslora === true ? config.lora_alpha * Math.sqrt(r) : config.lora_alpha;
  const metadata: GgufKvInput[] = [
    kv.string('general.architecture', arch),
    kv.string('general.type', 'adapter'),
    kv.string(
      'general.name',
      basename(statSync(options.peft).isDirectory() ? options.peft : dirname(options.peft)),
    ),
    kv.string('adapter.type', 'lora'),
    kv.f32('adapter.lora.alpha', alpha),
    kv.u32('general.quantization_version', 2),
  ];
  if (
    Array.isArray(config.target_modules) &&
    config.target_modules.every((m) => typeof m === 'string')
  ) {
    // Informational (llama.cpp ignores it): what PEFT targeted.
    metadata.push(
      kv.array(
        'adapter.lora.target_modules',
        GgufValueType.STRING,
        config.target_modules as string[],
      ),
    );
  }
  await writeGguf(options.output, { metadata, tensors });
  return { output: options.output, architecture: arch, alpha, rank: r, targets: [...pairs.keys()] };
}
