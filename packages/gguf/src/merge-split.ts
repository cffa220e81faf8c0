import { openGgufSet } from './split.js';
import { writeGguf, type GgufKvInput } from './writer.js';

/** Keys that only describe the split; a merged file drops them (as `llama-gguf-split --merge` and Ollama's writer do). */
const SPLIT_KEY = /^(?:[^.]+\.)?split\.(?:no|count|tensors\.count)$/;

/**
 * Merges a split GGUF set (any shard's path) into one GGUF at `out`: the
 * first shard's metadata without the split keys, every tensor in shard
 * order, data streamed shard by shard. A merged file is what llama.cpp and
 * Ollama load from a single model layer.
 */
export async function mergeSplitGguf(
  anyShard: string,
  out: string,
  onProgress?: (done: number, total: number) => void,
): Promise<void> {
  const set = await openGgufSet(anyShard);
  const metadata: GgufKvInput[] = [...set.metadata.values()]
    .filter((kv) => !SPLIT_KEY.test(kv.key))
    .map((kv) => ({ key: kv.key, type: kv.type, value: kv.value }));
  const tensors = set.tensors.map((t) => ({
    name: t.name,
    type: t.type,
    shape: t.shape,
    data: () => set.shards[t.shard].readTensorData(t),
  }));
  await writeGguf(out, { metadata, tensors }, { onProgress });
}
