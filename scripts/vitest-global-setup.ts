import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import fixturesSetup from './vitest-fixtures-setup.js';

// Integration tests run the bundled `mfc`; make sure the bundle is current.
// They also read the generated fixtures: make them if missing.
export default async function setup(): Promise<void> {
  const build = fileURLToPath(new URL('./build.mjs', import.meta.url));
  execFileSync(process.execPath, [build, '--if-stale'], { stdio: 'inherit' });
  await fixturesSetup();
}
