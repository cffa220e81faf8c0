import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

// CLI tests run the bundled `mfc`; make sure the bundle is current.
// Tests also read the generated fixtures (tiny llama model): make them if missing.
export default async function setup(): Promise<void> {
  const build = fileURLToPath(new URL('./build.mjs', import.meta.url));
  execFileSync(process.execPath, [build, '--if-stale'], { stdio: 'inherit' });
  const { ensureFixtures } = await import('./fixtures/index.js');
  await ensureFixtures(undefined, { log: (s) => console.log(s) });
}
