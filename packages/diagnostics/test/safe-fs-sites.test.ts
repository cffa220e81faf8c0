import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const packages = join(__dirname, '..', '..');
const layer = join(packages, 'diagnostics', 'src', 'safe-fs');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return sources(p);
    return p.endsWith('.ts') ? [p] : [];
  });
}

describe('the safe-fs layer is the only place that renames files', () => {
  it('no rename() / renameSync() in any package source outside packages/diagnostics/src/safe-fs', () => {
    const offenders: string[] = [];
    for (const pkg of readdirSync(packages)) {
      const src = join(packages, pkg, 'src');
      let files: string[];
      try {
        files = sources(src);
      } catch {
        continue;
      }
      for (const f of files) {
        if (f.startsWith(layer)) continue;
        readFileSync(f, 'utf8')
          .split('\n')
          .forEach((line, i) => {
            if (/\brename(Sync)?\s*\(/.test(line) && !/^\s*(\/\/|\*)/.test(line))
              offenders.push(`${relative(packages, f)}:${i + 1}: ${line.trim()}`);
          });
      }
    }
    expect(offenders).toEqual([]);
  });
});
