import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeSafetensors, type SafetensorsTensorInput } from '@mfc/safetensors';
import { Random, TINY_LLAMA } from '../../../scripts/fixtures/index.js';

export interface PeftFixture {
  dir: string;
  rank: number;
  alpha: number;
  /** HF-order factors by module key, e.g. `0.q_proj` → { a: (r × in), b: (out × r) }. */
  factors: Map<string, { a: Float32Array; b: Float32Array; rows: number; cols: number }>;
}

const MODULE_DIMS = (m: string): [out: number, inp: number] => {
  const { nEmbd, nHead, nHeadKv } = TINY_LLAMA;
  const kv = (nEmbd / nHead) * nHeadKv;
  return m === 'k_proj' || m === 'v_proj' ? [kv, nEmbd] : [nEmbd, nEmbd];
};

/**
 * Writes a PEFT LoRA adapter for the tiny llama fixture, as PEFT saves it:
 * `adapter_config.json` + `adapter_model.safetensors` with
 * `base_model.model.model.layers.N.self_attn.X.lora_A.weight` (r × in) and
 * `lora_B.weight` (out × r). B is non-zero (a "trained" adapter).
 */
export async function writeTinyPeftAdapter(
  dir: string,
  options: {
    rank?: number;
    alpha?: number;
    modules?: string[];
    scale?: number;
    config?: object;
  } = {},
): Promise<PeftFixture> {
  const rank = options.rank ?? 8;
  const alpha = options.alpha ?? 16;
  const modules = options.modules ?? ['q_proj', 'k_proj', 'v_proj', 'o_proj'];
  const rng = new Random(4242);
  const uniform = (n: number, s: number) => {
    const v = new Float32Array(n);
    for (let i = 0; i < n; i++) v[i] = (rng.uniform() * 2 - 1) * s;
    return v;
  };
  const tensors: SafetensorsTensorInput[] = [];
  const factors: PeftFixture['factors'] = new Map();
  for (let l = 0; l < TINY_LLAMA.nLayer; l++) {
    for (const m of modules) {
      const [out, inp] = MODULE_DIMS(m);
      const a = uniform(rank * inp, 0.5);
      const b = uniform(out * rank, options.scale ?? 0.5);
      const prefix = `base_model.model.model.layers.${l}.self_attn.${m}`;
      tensors.push({
        name: `${prefix}.lora_A.weight`,
        dtype: 'F32',
        shape: [rank, inp],
        data: new Uint8Array(a.buffer),
      });
      tensors.push({
        name: `${prefix}.lora_B.weight`,
        dtype: 'F32',
        shape: [out, rank],
        data: new Uint8Array(b.buffer),
      });
      factors.set(`${l}.${m}`, { a, b, rows: out, cols: inp });
    }
  }
  await mkdir(dir, { recursive: true });
  await writeSafetensors(join(dir, 'adapter_model.safetensors'), tensors, { format: 'pt' });
  const config = {
    base_model_name_or_path: 'tiny-llama',
    peft_type: 'LORA',
    task_type: 'CAUSAL_LM',
    r: rank,
    lora_alpha: alpha,
    lora_dropout: 0,
    target_modules: modules,
    bias: 'none',
    use_rslora: false,
    use_dora: false,
    ...options.config,
  };
  await writeFile(join(dir, 'adapter_config.json'), JSON.stringify(config, null, 2));
  return { dir, rank, alpha, factors };
}
