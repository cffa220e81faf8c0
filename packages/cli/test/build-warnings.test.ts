import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tinyGguf, workspace } from './helpers.js';

let ws: ReturnType<typeof workspace>;
beforeEach(() => {
  ws = workspace('mfc-build-warn-');
});
afterEach(() => ws.cleanup());

const modelfile = () =>
  ws.write(
    'Modelfile',
    `FROM ${tinyGguf}\nPARAMETER temperature -5\nPARAMETER top_p 7\nPARAMETER mirostat 1\n`,
  );

describe("build shows lint's findings once, with positions", () => {
  it('prints them as mfc lint does', async () => {
    const file = modelfile();
    const r = await ws.mfc(['build', '-f', file, '-t', 'w']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`${file}:2:23: warning temperature -5 is below 0 [MF007]`);
    expect(r.stderr).toContain(`${file}:3:17: warning top_p 7 is above 1 [MF007]`);
    expect(r.stderr.match(/mirostat is deprecated/g)).toHaveLength(1);
    expect(r.stderr).toContain(`${file}:4:11: warning parameter mirostat is deprecated`);
    expect(r.stderr).not.toContain('warning: warning:');
  });

  it('puts them in --json warnings and events', async () => {
    const file = modelfile();
    const r = await ws.mfc(['build', '-f', file, '-t', 'w', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { warnings: string[]; lint: { code: string }[] };
    expect(out.warnings).toEqual([
      `${file}:2:23: temperature -5 is below 0 [MF007]`,
      `${file}:3:17: top_p 7 is above 1 [MF007]`,
      `${file}:4:11: parameter mirostat is deprecated: Ollama ignores it [MF005]`,
    ]);
    expect(out.lint.map((f) => f.code)).toEqual(['MF007', 'MF007', 'MF005']);
    const events = r.stderr
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { event: string; code?: string; location?: unknown });
    const warnings = events.filter((e) => e.event === 'warning');
    expect(warnings.map((e) => e.code)).toEqual(['MF007', 'MF007', 'MF005']);
    expect(warnings[0].location).toMatchObject({ file, range: { start: { line: 2, column: 23 } } });
  });
});

describe("the builder's own warnings and statuses carry codes", () => {
  it('prints the code after the message, and --json has code and location', async () => {
    // /dev/shm is another file system than the models folder: --link falls back to a copy.
    if (!existsSync('/dev/shm')) return;
    const shm = mkdtempSync('/dev/shm/mfc-warn-');
    try {
      const src = join(shm, 'model.gguf');
      copyFileSync(tinyGguf, src);
      const file = ws.write('Modelfile', `FROM ${src}\n`);
      const r = await ws.mfc(['build', '-f', file, '-t', 'w', '--link']);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toContain(
        `warning: --link: the file is on another file system; copied ${src} instead [BUILD_W_LINK_FALLBACK]\n`,
      );
      // A fresh models folder: in the first, the file is a known blob and is not linked again.
      const models = join(ws.dir, 'models-2');
      const j = await ws.mfc([
        'build',
        '-f',
        file,
        '-t',
        'w',
        '--link',
        '--json',
        '--models',
        models,
      ]);
      const events = j.stderr
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { event: string; code?: string; location?: unknown });
      expect(events.find((e) => e.event === 'warning')).toMatchObject({
        code: 'BUILD_W_LINK_FALLBACK',
        severity: 'warning',
        location: { file: src },
      });
      const statuses = events.filter((e) => e.event === 'status').map((e) => e.code);
      expect(statuses[0]).toBe('BUILD_S_LINTING');
      expect(statuses.at(-1)).toBe('BUILD_S_SUCCESS');
      expect(JSON.parse(j.stdout).warnings).toEqual([
        `${src}: --link: the file is on another file system; copied ${src} instead [BUILD_W_LINK_FALLBACK]`,
      ]);
    } finally {
      rmSync(shm, { recursive: true, force: true });
    }
  });
});
