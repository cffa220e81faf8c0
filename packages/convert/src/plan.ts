import { existsSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { checkInputPathSync } from '@mfc/diagnostics';
import { convertError } from './error-codes.js';
import { GgmlType, kv, type GgufKvInput } from '@mfc/gguf';
import { openSafetensorsModel, type SafetensorsModelTensor } from '@mfc/safetensors';
import { architectureFor, type ArchitectureSpec } from './architectures.js';
import {
  architectureKvs,
  blockCount,
  llama3RopeFactors,
  mergedConfig,
  ropeParameters,
} from './hparams.js';
import { readJsonObject } from './json-file.js';
import type { FloatDtype } from './numeric.js';
import { mapTensorName } from './tensor-names.js';
import { buildVocab } from './vocab.js';

export type OutType = 'f32' | 'f16' | 'bf16';

/** One tensor of the output file and how to produce its bytes. */
export interface PlannedTensor {
  name: string;
  /** GGUF type: F32, F16 or BF16. */
  type: GgmlType;
  /** ggml order (fastest dimension first): the safetensors shape reversed. */
  shape: number[];
  /** Source tensors whose rows are concatenated (several only for stacked experts). */
  parts: SafetensorsModelTensor[];
  /** Keep only the first `rows` rows (Gemma 3 drops out-of-vocabulary embedding rows). */
  rows?: number;
  /** Undo HF's q/k row order for this many heads. */
  permuteHeads?: number;
  /** Add 1 to every value, in the source precision (Gemma norms). */
  plusOne?: boolean;
  /** Values computed by the converter (rope factors), stored as F32. */
  generated?: Float32Array;
}

export interface ConversionPlan {
  dir: string;
  spec: ArchitectureSpec;
  hfArchitecture: string;
  config: Record<string, unknown>;
  metadata: GgufKvInput[];
  tensors: PlannedTensor[];
  outType: OutType;
  warnings: string[];
  /** Bytes of tensor data the output will hold. */
  dataBytes: number;
}

export interface PlanOptions {
  /** Output type for matrices (norms and 1-D tensors stay F32); default: the weights' own type. */
  outType?: OutType;
  /** `general.name`; default: the folder's name. */
  name?: string;
  /** Only the tokenizer and metadata, no tensors (like convert_hf_to_gguf.py --vocab-only). */
  vocabOnly?: boolean;
}

const FILE_TYPE: Record<OutType, number> = { f32: 0, f16: 1, bf16: 32 };
const GGML_OF: Record<OutType, GgmlType> = {
  f32: GgmlType.F32,
  f16: GgmlType.F16,
  bf16: GgmlType.BF16,
};
const FLOAT_DTYPES = new Set(['F32', 'F16', 'BF16']);

/** The output type a `FloatDtype` or OutType names. */
export const dtypeOfOutType = (t: OutType): FloatDtype => t.toUpperCase() as FloatDtype;

/**
 * Reads a Hugging Face folder's config, tokenizer and safetensors headers
 * (never tensor data) and decides every KV and tensor of the GGUF file.
 * Everything that can be wrong with the input (architecture, tokenizer,
 * unknown tensors, dtypes, shapes) fails here, before anything is written.
 */
export async function planConversion(
  dir: string,
  options: PlanOptions = {},
): Promise<ConversionPlan> {
  if (existsSync(dir)) checkInputPathSync(dir, { directory: true });
  const configPath = join(dir, 'config.json');
  const raw = readJsonObject(dir, 'config.json');
  if (!raw) {
    throw convertError(
      'CONVERT_NO_CONFIG',
      `${dir} has no config.json; it does not look like a Hugging Face model folder`,
      {
        location: { file: dir },
      },
    );
  }
  const spec = architectureFor(raw, configPath);
  const hfArchitecture = (raw.architectures as string[])[0];
  const config = mergedConfig(raw);
  const warnings: string[] = [];

  const vocab = buildVocab(dir, {
    config,
    policy: spec.vocab,
    noSpacePrefix: spec.noSpacePrefix,
    applyTokenizerJsonAdded: spec.arch === 'phi3',
  });
  warnings.push(...vocab.warnings);

  let tensors: PlannedTensor[] = [];
  let outType: OutType = options.outType ?? 'f16';
  if (!options.vocabOnly) {
    const hasWeights =
      existsSync(join(dir, 'model.safetensors.index.json')) ||
      readdirSync(dir).some((n) => n.endsWith('.safetensors'));
    if (!hasWeights) {
      throw convertError('CONVERT_NO_WEIGHTS', `${dir} has no .safetensors weights`, {
        location: { file: dir },
        hint: 'PyTorch .bin/.pth checkpoints are not supported; convert them to safetensors first',
      });
    }
    const model = await openSafetensorsModel(dir);
    const first2d = model.tensors.find((t) => t.shape.length >= 2);
    outType =
      options.outType ??
      (first2d && FLOAT_DTYPES.has(first2d.dtype)
        ? (first2d.dtype.toLowerCase() as OutType)
        : 'f16');
    tensors = planTensors(spec, config, configPath, model.tensors, outType, vocab.size);
  }

  const metadata: GgufKvInput[] = [
    kv.string('general.architecture', spec.arch),
    kv.string('general.type', 'model'),
    kv.string('general.name', options.name ?? defaultModelName(dir)),
    ...architectureKvs(spec, config, configPath),
    kv.u32('general.file_type', FILE_TYPE[outType]),
    kv.u32('general.quantization_version', 2),
    ...vocab.kvs,
  ];
  const dataBytes = tensors.reduce(
    (n, t) => n + t.shape.reduce((a, b) => a * b, 1) * (t.type === GgmlType.F32 ? 4 : 2),
    0,
  );
  return { dir, spec, hfArchitecture, config, metadata, tensors, outType, warnings, dataBytes };
}

/** The folder's name; for a Hugging Face cache snapshot (`models--org--repo/snapshots/<sha>`), the repo's. */
export function defaultModelName(dir: string): string {
  const m = /models--[^/]+--([^/]+)\/snapshots\/[0-9a-f]{40}\/?$/.exec(dir);
  return m ? m[1] : basename(dir.replace(/\/+$/, ''));
}

function planTensors(
  spec: ArchitectureSpec,
  config: Record<string, unknown>,
  configPath: string,
  sources: SafetensorsModelTensor[],
  outType: OutType,
  nVocab: number,
): PlannedTensor[] {
  const out: PlannedTensor[] = [];
  const byName = new Map<string, PlannedTensor>();
  const nHead = Number(config.num_attention_heads);
  const nKvHead = Number(config.num_key_value_heads ?? config.num_attention_heads);
  const nBlocks = blockCount(config, configPath);
  const experts = new Map<
    string,
    { plan: PlannedTensor; parts: Map<number, SafetensorsModelTensor> }
  >();

  const ropeFactors = spec.arch === 'llama' ? llama3RopeFactors(config) : undefined;
  if (ropeFactors)
    out.push({
      name: 'rope_freqs.weight',
      type: GgmlType.F32,
      shape: [ropeFactors.length],
      parts: [],
      generated: ropeFactors,
    });
  if (spec.arch === 'phi3') {
    const rope = ropeParameters(config);
    for (const [key, name] of [
      ['long_factor', 'rope_factors_long.weight'],
      ['short_factor', 'rope_factors_short.weight'],
    ] as const) {
      const f = rope[key];
      if (Array.isArray(f) && f.length > 0) {
        out.push({
          name,
          type: GgmlType.F32,
          shape: [f.length],
          parts: [],
          generated: Float32Array.from(f as number[]),
        });
      }
    }
  }

  for (const src of sources) {
    const target = mapTensorName(spec, src.name);
    if (!target) {
      throw convertError(
        'CONVERT_UNKNOWN_TENSOR',
        `tensor '${src.name}' (${src.file}) has no GGUF name for ${spec.hfNames[0]}`,
        {
          location: { file: src.file },
          hint: 'the checkpoint has parts mfc does not know how to convert',
        },
      );
    }
    if (target.kind === 'skip') continue;
    if (!FLOAT_DTYPES.has(src.dtype)) {
      throw convertError(
        'CONVERT_UNSUPPORTED_DTYPE',
        `tensor '${src.name}' is ${src.dtype}; mfc converts F32, F16 and BF16 weights`,
        {
          location: { file: src.file, byteOffset: src.absoluteOffset },
        },
      );
    }
    if (target.kind === 'tensor' && target.block !== undefined && target.block >= nBlocks) {
      throw convertError(
        'CONVERT_BAD_TENSOR',
        `tensor '${src.name}' belongs to layer ${target.block}, but config.json has ${nBlocks} layers`,
        {
          location: { file: src.file },
        },
      );
    }
    const is1d = src.shape.length <= 1;
    if (target.kind === 'expert') {
      let group = experts.get(target.name);
      if (!group) {
        const plan: PlannedTensor = {
          name: target.name,
          type: GGML_OF[outType],
          shape: [],
          parts: [],
        };
        group = { plan, parts: new Map() };
        experts.set(target.name, group);
        out.push(plan);
      }
      group.parts.set(target.expert, src);
      continue;
    }
    const name = target.name;
    const isNorm = name.endsWith('_norm.weight');
    const f32 =
      is1d || isNorm || !name.endsWith('.weight') || name.endsWith('.ffn_gate_inp.weight');
    const plan: PlannedTensor = {
      name,
      type: f32 ? GgmlType.F32 : GGML_OF[outType],
      shape: src.shape.length === 0 ? [1] : [...src.shape].reverse(),
      parts: [src],
    };
    if (spec.permuteQK && (target.role === 'q' || target.role === 'k')) {
      const heads = target.role === 'q' ? nHead : nKvHead;
      if (!Number.isInteger(heads) || heads <= 0 || src.shape[0] % (heads * 2) !== 0) {
        throw convertError(
          'CONVERT_BAD_TENSOR',
          `tensor '${src.name}' has ${src.shape[0]} rows, which do not split into ${heads} heads`,
          {
            location: { file: src.file },
          },
        );
      }
      plan.permuteHeads = heads;
    }
    if (spec.normPlusOne && name.endsWith('norm.weight')) plan.plusOne = true;
    if (spec.arch === 'gemma3' && name === 'token_embd.weight' && src.shape[0] > nVocab) {
      plan.rows = nVocab;
      plan.shape[plan.shape.length - 1] = nVocab;
    }
    if (byName.has(name)) {
      throw convertError(
        'CONVERT_DUPLICATE_TENSOR',
        `two tensors map to '${name}' (the second is '${src.name}')`,
        { location: { file: src.file } },
      );
    }
    byName.set(name, plan);
    out.push(plan);
  }

  const nExperts = Number(config.num_local_experts);
  for (const { plan, parts } of experts.values()) {
    const ids = [...parts.keys()].sort((a, b) => a - b);
    if (ids.length !== nExperts || ids.some((id, i) => id !== i)) {
      throw convertError(
        'CONVERT_BAD_TENSOR',
        `${plan.name}: found experts ${ids.join(',')} but config.json has num_local_experts ${config.num_local_experts}`,
        {
          location: { file: configPath },
        },
      );
    }
    plan.parts = ids.map((i) => parts.get(i)!);
    const shape = plan.parts[0].shape;
    if (
      plan.parts.some((p) => p.shape.join() !== shape.join() || p.dtype !== plan.parts[0].dtype)
    ) {
      throw convertError(
        'CONVERT_BAD_TENSOR',
        `${plan.name}: the experts do not all have the same shape and dtype`,
        { location: { file: plan.parts[0].file } },
      );
    }
    plan.shape = [...shape].reverse().concat(nExperts);
  }

  if (!byName.has('token_embd.weight')) {
    throw convertError(
      'CONVERT_MISSING_TENSOR',
      'the checkpoint has no model.embed_tokens.weight',
      { location: { file: sources[0]?.file } },
    );
  }
  const embdRows = byName.get('token_embd.weight')!.shape.at(-1)!;
  if (embdRows !== nVocab) {
    throw convertError(
      'CONVERT_VOCAB_MISMATCH',
      `the embedding has ${embdRows} rows but the tokenizer has ${nVocab} tokens`,
      {
        location: { file: configPath },
        hint: 'config.json vocab_size, the tokenizer files and the weights must agree',
      },
    );
  }
  return out;
}
