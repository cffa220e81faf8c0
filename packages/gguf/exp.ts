import { openGguf, GgufArray } from '@mfc/gguf';
const f = '/root/.cache/mfc/llama.cpp/v0.5.0/src/models/ggml-vocab-gemma-4.gguf';
for (let r = 0; r < 5; r++) {
  const c0 = process.cpuUsage();
  const g = await openGguf(f);
  const c1 = process.cpuUsage(c0);
  const t = g.get('tokenizer.ggml.tokens') as GgufArray;
  const m = g.get('tokenizer.ggml.merges') as GgufArray;
  const c2 = process.cpuUsage();
  t.toArray(); m.toArray();
  const c3 = process.cpuUsage(c2);
  console.log('summary cpu ms', ((c1.user + c1.system) / 1000).toFixed(1), 'decode cpu ms', ((c3.user + c3.system) / 1000).toFixed(1));
}
