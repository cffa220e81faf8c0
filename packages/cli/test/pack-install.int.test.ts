// The installable package: `pnpm pack` in packages/cli gives a tarball that
// `npm install -g --prefix <tmp>` installs from the npm registry alone, and the
// installed `mfc` works in a folder outside the repository — lint, fmt, inspect
// and build give the same results as the repository's own build.
// npm's cache (~/.npm, or npm_config_cache) is reused between runs; the first
// install downloads node-llama-cpp and its prebuilt llama.cpp packages.
import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const cli = fileURLToPath(new URL('..', import.meta.url));
const root = join(cli, '../..');
const repoBin = join(cli, 'bin/mfc.js');
const haveTools = ['pnpm', 'npm', 'tar'].every(
  (tool) => spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0,
);
if (!haveTools) console.warn('pack-install.int.test.ts skipped: pnpm, npm or tar is not on PATH');

let tmp: string;
let tarball: string;
let installed: string; // <prefix>/bin/mfc
let work: string; // a project folder outside the repository

function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(cmd, args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', ...env },
    maxBuffer: 64 << 20,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The installed mfc, run from the project folder (the bin is a symlink with a node shebang). */
const mfc = (...args: string[]) => run(installed, args, work);
/** The repository's mfc on the same input, for comparison. */
const repoMfc = (...args: string[]) => run(process.execPath, [repoBin, ...args], work);

describe.skipIf(!haveTools)('packed mfc installed with npm', () => {
  beforeAll(() => {
    tmp = mkdtempSync(join(tmpdir(), 'mfc-pack-'));
    // The integration lane's global setup has built dist/; the prepack script (a clean
    // rebuild) is skipped so that other tests running the bundle meanwhile are not disturbed.
    const pack = run('pnpm', ['pack', '--pack-destination', tmp], cli, {
      npm_config_ignore_scripts: 'true',
    });
    expect(pack.code, pack.stderr + pack.stdout).toBe(0);
    const name = readdirSync(tmp).find((f) => /^mfc-cli-.*\.tgz$/.test(f));
    expect(name, pack.stdout).toBeDefined();
    tarball = join(tmp, name!);

    const prefix = join(tmp, 'prefix');
    const install = run(
      'npm',
      ['install', '-g', '--prefix', prefix, '--no-audit', '--no-fund', '--loglevel=error', tarball],
      tmp,
      { PATH: `${dirname(process.execPath)}:${process.env.PATH}` },
    );
    expect(install.code, install.stderr).toBe(0);
    installed = join(prefix, 'bin/mfc');

    work = join(tmp, 'project');
    const generated = join(root, 'fixtures/generated/tiny-llama-f16.gguf');
    mkdirSync(work);
    copyFileSync(generated, join(work, 'tiny.gguf'));
    const modelfile = readFileSync(join(root, 'fixtures/build/tiny/Modelfile'), 'utf8');
    writeFileSync(join(work, 'Modelfile'), modelfile.replace(/^FROM .*$/m, 'FROM ./tiny.gguf'));
    writeFileSync(
      join(work, 'messy.Modelfile'),
      'from ./tiny.gguf\nparameter temperature 0.5\n\n\nsystem  "be brief"\n',
    );
  }, 600_000);

  afterAll(() => {
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('packs a manifest with only node-llama-cpp to install, and no sources', () => {
    const manifest = JSON.parse(
      run('tar', ['-xOzf', tarball, 'package/package.json'], tmp).stdout,
    ) as Record<string, unknown>;
    expect(manifest.dependencies).toEqual({
      'node-llama-cpp': JSON.parse(readFileSync(join(cli, 'package.json'), 'utf8')).dependencies[
        'node-llama-cpp'
      ],
    });
    expect(manifest.bin).toEqual({ mfc: 'bin/mfc.js' });
    for (const key of ['private', 'devDependencies', 'scripts', 'exports'])
      expect(manifest, key).not.toHaveProperty(key);
    const files = run('tar', ['-tzf', tarball], tmp).stdout.trim().split('\n');
    expect(files).toContain('package/bin/mfc.js');
    expect(files).toContain('package/dist/main.js');
    expect(files).toContain('package/dist/THIRD-PARTY-LICENSES.md');
    expect(files.filter((f) => /\.(ts|map)$/.test(f) || f.includes('/src/'))).toEqual([]);
  });

  it('installs an mfc that lives outside the repository', () => {
    const target = realpathSync(installed);
    expect(target.startsWith(realpathSync(tmp))).toBe(true);
    expect(existsSync(join(dirname(target), '../node_modules/node-llama-cpp/package.json'))).toBe(
      true,
    );
    const version = mfc('--version');
    expect(version.code, version.stderr).toBe(0);
    expect(version.stdout).toBe(repoMfc('--version').stdout);
  });

  it('lints, formats and inspects like the repository build', () => {
    const lint = mfc('lint', '--format', 'json', 'Modelfile', 'messy.Modelfile');
    const report = JSON.parse(lint.stdout) as { filePath: string; messages: unknown[] }[];
    expect(report.map((r) => r.filePath.replace(/.*\//, ''))).toEqual([
      'Modelfile',
      'messy.Modelfile',
    ]);
    expect(lint.stdout).toBe(
      repoMfc('lint', '--format', 'json', 'Modelfile', 'messy.Modelfile').stdout,
    );
    expect(lint.code).toBe(repoMfc('lint', 'Modelfile', 'messy.Modelfile').code);

    const fmt = mfc('fmt', 'messy.Modelfile');
    expect(fmt.code, fmt.stderr).toBe(0);
    expect(fmt.stdout).toMatch(/^FROM \.\/tiny\.gguf\nPARAMETER temperature 0\.5\n/);
    expect(fmt.stdout).toBe(repoMfc('fmt', 'messy.Modelfile').stdout);

    const inspect = mfc('inspect', '--json', 'tiny.gguf');
    expect(inspect.code, inspect.stderr).toBe(0);
    expect(JSON.parse(inspect.stdout)).toMatchObject({ architecture: 'llama' });
    expect(inspect.stdout).toBe(repoMfc('inspect', '--json', 'tiny.gguf').stdout);
  });

  it('builds the tiny model into a store', () => {
    const models = join(work, 'models');
    const built = mfc('build', '-f', 'Modelfile', '-t', 'tiny', '--models', models, '--json');
    expect(built.code, built.stderr).toBe(0);
    expect(JSON.parse(built.stdout)).toMatchObject({ name: 'tiny:latest' });
    expect(existsSync(join(models, 'manifests/registry.ollama.ai/library/tiny/latest'))).toBe(true);
    const list = mfc('list', '--models', models);
    expect(list.stdout).toMatch(/^NAME +ID +SIZE +MODIFIED\ntiny:latest /);
  });
});
