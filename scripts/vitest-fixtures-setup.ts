// The unit lane reads the generated fixtures (tiny llama model, vocab GGUFs,
// HF folders); they are written in process, so make them if missing.
export default async function setup(): Promise<void> {
  const { ensureFixtures } = await import('./fixtures/index.js');
  await ensureFixtures(undefined, { log: (s) => console.log(s) });
}
