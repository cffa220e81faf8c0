// What the bundled `mfc` loads at start-up: `--version` and `--help` no command
// module, `lint` only the linter's packages, and no file from node_modules (all
// third-party code is bundled, so start-up does not resolve hundreds of ES modules).
// A module-resolution hook in the spawned process records every module it loads;
// dist/meta.json (esbuild's metafile) says which sources each chunk holds.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const cli = fileURLToPath(new URL('..', import.meta.url));
const root = join(cli, '../..');
const bin = join(cli, 'bin/mfc.js');
const dist = join(cli, 'dist');

interface Metafile {
  outputs: Record<string, { inputs: Record<string, unknown> }>;
}

let dir: string;
let meta: Metafile;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'mfc-startup-'));
  writeFileSync(
    join(dir, 'hooks.mjs'),
    [
      "import { appendFileSync } from 'node:fs';",
      'export async function resolve(specifier, context, next) {',
      '  const r = await next(specifier, context);',
      "  appendFileSync(process.env.MFC_LOADED, r.url + '\\n');",
      '  return r;',
      '}',
    ].join('\n'),
  );
  writeFileSync(
    join(dir, 'register.mjs'),
    `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(join(dir, 'hooks.mjs')).href)});\n`,
  );
  copyFileSync(join(root, 'fixtures/lint/clean/chatml.Modelfile'), join(dir, 'Modelfile'));
  meta = JSON.parse(readFileSync(join(dist, 'meta.json'), 'utf8')) as Metafile;
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs mfc and returns the modules it loaded: files under dist/ by name, others by URL. */
function loadedBy(args: string[]): { chunks: string[]; others: string[]; stdout: string } {
  const log = join(dir, `loaded-${args.join('-').replace(/\W/g, '')}.txt`);
  writeFileSync(log, '');
  const r = spawnSync(process.execPath, ['--import', join(dir, 'register.mjs'), bin, ...args], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, MFC_LOADED: log },
  });
  expect(r.status, r.stderr).toBe(0);
  const urls = [...new Set(readFileSync(log, 'utf8').split('\n').filter(Boolean))];
  const distUrl = pathToFileURL(dist).href + '/';
  const fileUrls = urls.filter((u) => !u.startsWith('node:'));
  return {
    chunks: fileUrls.filter((u) => u.startsWith(distUrl)).map((u) => u.slice(distUrl.length)),
    others: fileUrls.filter((u) => !u.startsWith(distUrl) && u !== pathToFileURL(bin).href),
    stdout: r.stdout,
  };
}

/** The source files bundled into these chunks (paths relative to the repository). */
function sourcesOf(chunks: string[]): string[] {
  return chunks.flatMap((c) => {
    const out = meta.outputs[`packages/cli/dist/${c}`];
    expect(out, `${c} is in dist/meta.json`).toBeDefined();
    return Object.keys(out.inputs);
  });
}

const commandModules = (sources: string[]) =>
  sources.filter((s) => /^packages\/cli\/src\/commands\/(?!index\.ts$)/.test(s));

describe('mfc start-up', () => {
  it.each([['--version'], ['--help']])('mfc %s loads no command module', (flag) => {
    const { chunks, others, stdout } = loadedBy([flag]);
    expect(stdout).toMatch(/^mfc \d+\.\d+\.\d+/);
    expect(chunks).toContain('main.js');
    expect(others).toEqual([]);
    const sources = sourcesOf(chunks);
    expect(sources).toContain('packages/cli/src/commands/index.ts');
    expect(commandModules(sources)).toEqual([]);
    // Nothing but the CLI's own option parsing and the diagnostics it prints.
    expect(sources.filter((s) => !/^packages\/(cli|diagnostics)\//.test(s))).toEqual([]);
  });

  it('mfc lint loads the lint command and the linter, nothing else', () => {
    const { chunks, others, stdout } = loadedBy(['lint', '--format', 'json', 'Modelfile']);
    expect(JSON.parse(stdout)).toBeInstanceOf(Array);
    expect(others).toEqual([]); // chevrotain and the rest come from the bundle
    const sources = sourcesOf(chunks);
    expect(commandModules(sources)).toEqual(['packages/cli/src/commands/lint.ts']);
    const packages = new Set(
      sources.map((s) => /^packages\/([^/]+)\//.exec(s)?.[1] ?? s.replace(/^.*node_modules\//, '')),
    );
    for (const heavy of ['builder', 'convert', 'llama-cpp', 'hf', 'store', 'safetensors', 'oci'])
      expect(packages.has(heavy), `lint loads @mfc/${heavy}`).toBe(false);
    expect(sources.some((s) => s.includes('/execa/') || s.includes('/@huggingface/'))).toBe(false);
  });
});
