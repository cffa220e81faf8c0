import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

// CLI tests run the bundled `mfc`; make sure the bundle is current.
export default function setup(): void {
  const build = fileURLToPath(new URL('./build.mjs', import.meta.url));
  execFileSync(process.execPath, [build, '--if-stale'], { stdio: 'inherit' });
}
