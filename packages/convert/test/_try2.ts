import { readFileSync, writeFileSync } from 'node:fs';
import { convertHfToGguf } from '../src/index.js';
import { findLlamaTool, runLlamaTool, llamaCppSource } from '@mfc/llama-cpp';
import { rebuildHfTokenizer, readVocabTests } from './support/vocab-rebuild.js';
const src = (await llamaCppSource()).dir + '/models';
const tool = await findLlamaTool('llama-tokenize');
for (const v of (process.argv[2] ?? 'llama-spm,phi-3,llama-bpe,qwen2').split(',')) {
  const t0 = Date.now();
  const rb = await rebuildHfTokenizer(`${src}/ggml-vocab-${v}.gguf`, `/tmp/vocab/${v}`);
  const r = await convertHfToGguf(rb.dir, `/tmp/vocab/${v}.gguf`, { vocabOnly: true, name: rb.name });
  const tests = readVocabTests(readFileSync(`${src}/ggml-vocab-${v}.gguf.inp`, 'utf8'), readFileSync(`${src}/ggml-vocab-${v}.gguf.out`, 'utf8'));
  let bad = 0;
  for (const [i, t] of tests.entries()) {
    writeFileSync('/tmp/vocab/p.txt', t.text);
    const o = await runLlamaTool(tool.path, ['-m', r.path, '-f', '/tmp/vocab/p.txt', '--ids', '--no-bos', '--no-escape', '--log-disable']);
    const got = JSON.parse(o.stdout.trim().split('\n').at(-1)!);
    if (JSON.stringify(got) !== JSON.stringify(t.ids)) { bad++; if (bad < 4) console.log(v, i, JSON.stringify(t.text), 'got', got, 'want', t.ids); }
  }
  console.log(v, 'tests', tests.length, 'bad', bad, r.warnings, Date.now() - t0, 'ms');
}
