import { GgufValueType, encodeGgufHeader, kv, type GgufKvInput } from '@mfc/gguf';

/** A small but genuine GGUF file (header only, no tensors) encoded by @mfc/gguf. */
export function ggufBytes(entries: GgufKvInput[]): Uint8Array {
  return encodeGgufHeader(entries, []).header;
}

export function modelGguf(
  arch: string,
  options: { contextLength?: number; tokens?: string[] } = {},
): Uint8Array {
  const entries = [kv.string('general.architecture', arch), kv.string('general.type', 'model')];
  if (options.contextLength !== undefined)
    entries.push(kv.u32(`${arch}.context_length`, options.contextLength));
  if (options.tokens)
    entries.push(kv.array('tokenizer.ggml.tokens', GgufValueType.STRING, options.tokens));
  return ggufBytes(entries);
}

export function adapterGguf(arch: string, type = 'adapter'): Uint8Array {
  return ggufBytes([
    kv.string('general.architecture', arch),
    kv.string('general.type', type),
    kv.string('adapter.type', 'lora'),
    kv.f32('adapter.lora.alpha', 16),
  ]);
}
