// What the gguf-py goldens hold, and how both sides are reduced to it.
//
// gguf-py (llama.cpp's own reader) is the oracle for `mfc inspect --json
// --full`, but running it takes minutes (gemma-4's vocabulary alone takes
// ~20 s). scripts/gguf-py-goldens.ts stores its answers for every file:
// each KV's type, element type, length and a SHA-256 of its full value (the
// vocabularies are megabytes), and every tensor in full. The unit lane checks
// mfc against the goldens; gguf-py-agreement.int.test.ts still runs gguf-py
// live on two files.
import { createHash } from 'node:crypto';
import { join } from 'node:path';

export const goldenFile = join(
  import.meta.dirname,
  '..',
  '..',
  '..',
  'fixtures',
  'gguf-py',
  'agreement.golden.json',
);

/** One file's dump, as gguf_py_dump.py prints it and as `mfc inspect --json --full` prints it. */
export interface GgufDump {
  version: number;
  metadata: Record<
    string,
    {
      type: string;
      itemType?: string | null;
      length?: number;
      value: unknown;
      truncated?: boolean;
    }
  >;
  tensors: { name: string; type: string; shape: number[]; absoluteOffset: number }[];
}

export interface GoldenKv {
  type: string;
  itemType?: string | null;
  length?: number;
  /** SHA-256 of the value's JSON, -0 kept apart from 0. */
  sha256: string;
}

export interface GoldenDump {
  version: number;
  metadata: Record<string, GoldenKv>;
  tensors: GgufDump['tensors'];
}

export interface Goldens {
  /** The llama.cpp release whose models/ and gguf-py made the goldens. */
  llamaCpp: string;
  /** Keyed by file name (vocab files from llama.cpp's models/, the generated tiny models). */
  files: Record<string, GoldenDump>;
}

const NEGATIVE_ZERO = '\u0000-0';

/** The SHA-256 of a JSON value; -0 and 0 differ (toEqual tells them apart too). */
export function valueDigest(value: unknown): string {
  const text = JSON.stringify(value, (_k, v) => (Object.is(v, -0) ? NEGATIVE_ZERO : v));
  return createHash('sha256').update(text).digest('hex');
}

/** A dump reduced to what the goldens store, in the same key order. */
export function goldenOf(dump: GgufDump): GoldenDump {
  const metadata: Record<string, GoldenKv> = {};
  for (const [key, kv] of Object.entries(dump.metadata)) {
    const g: GoldenKv = { type: kv.type, sha256: valueDigest(kv.value) };
    if (kv.type === 'array') {
      g.itemType = kv.itemType;
      g.length = kv.length;
    }
    metadata[key] = g;
  }
  return {
    version: dump.version,
    metadata,
    tensors: dump.tensors.map((t) => ({
      name: t.name,
      type: t.type,
      shape: t.shape,
      absoluteOffset: t.absoluteOffset,
    })),
  };
}
