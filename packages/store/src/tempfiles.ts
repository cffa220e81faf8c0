import { lstatSync, readdirSync, rmSync } from 'node:fs';
import { discardTempPath, newTempPath, processAlive, releaseTempPath } from '@mfc/diagnostics';
import { join } from 'node:path';

/*
 * Partial files being written by this process are deleted on SIGINT/SIGTERM/
 * SIGHUP and at exit (the shared registry of @mfc/diagnostics); after a
 * SIGKILL they stay in `.mfc/tmp/` named after the dead pid, and the next
 * store operation removes them (`removeStaleTemps`). They never sit under a
 * blob's name.
 */

export { newTempPath, releaseTempPath, discardTempPath };

/** Bytes under `p` (a file, or a folder and everything in it); 0 when it is gone. */
function sizeOf(p: string): number {
  try {
    const st = lstatSync(p);
    if (!st.isDirectory()) return st.size;
    let total = 0;
    for (const name of readdirSync(p)) total += sizeOf(join(p, name));
    return total;
  } catch {
    return 0;
  }
}

/** Partial files and work folders left by processes that no longer run, with their sizes. */
export function staleTemps(dir: string): { path: string; size: number }[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const stale: { path: string; size: number }[] = [];
  for (const name of names.sort()) {
    const pid = Number(/^(\d+)-/.exec(name)?.[1]);
    if (!pid || processAlive(pid)) continue;
    const p = join(dir, name);
    stale.push({ path: p, size: sizeOf(p) });
  }
  return stale;
}

/** Removes partial files left by processes that no longer run. Returns them with their sizes. */
export function removeStaleTemps(dir: string): { path: string; size: number }[] {
  const stale = staleTemps(dir);
  for (const t of stale) rmSync(t.path, { force: true, recursive: true });
  return stale;
}
