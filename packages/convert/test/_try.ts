import { convertHfToGguf } from '../src/index.js';
import { generate } from '@mfc/llama-cpp';
import { writeTinyHfModel, type TinyArch } from './support/tiny-hf.js';
const archs = (process.argv[2] ?? 'llama,llama3,mistral,mixtral,qwen2,qwen3,gemma,gemma2,gemma3,phi3').split(',') as TinyArch[];
for (const a of archs) {
  const m = await writeTinyHfModel(`/tmp/tinyhf/${a}`, a, 'fixtures/generated/tiny-llama');
  try {
    const r = await convertHfToGguf(m.dir, `/tmp/tinyhf/${a}.gguf`);
    const g = await generate({ model: r.path, prompt: 'Hello world', nPredict: 4, temperature: 0 });
    console.log(a, r.tensorCount, r.warnings, g.tokens, g.stopReason);
  } catch (e) { console.log(a, 'FAILED', (e as Error).message.slice(0, 600)); }
}
