// `pnpm fixtures`: writes the generated test fixtures into fixtures/generated/
// (a tiny llama model as F32/F16 GGUF and as a Hugging Face folder).
// `--force` regenerates even when the fixtures are current.
import { ensureFixtures } from './fixtures/index.js';

const force = process.argv.includes('--force');
const fixtures = await ensureFixtures(undefined, { force, log: (s) => console.log(s) });
const t = fixtures.tinyLlama;
console.log(`fixtures ready:\n  ${t.f32}\n  ${t.f16}\n  ${t.hfDir}/`);
