#!/usr/bin/env node
// Bundles the CLI (packages/cli/src/main.ts and the workspace packages it
// imports) into packages/cli/dist with one lazily loaded chunk per command.
// Third-party packages stay external and load from node_modules.
// `--if-stale` skips the build when no source file is newer than the bundle.
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = join(root, 'packages/cli/dist');
const entry = join(root, 'packages/cli/src/main.ts');

function newestSource(dir) {
  let newest = 0;
  for (const name of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, name.name);
    if (name.isDirectory()) newest = Math.max(newest, newestSource(p));
    else if (
      name.name.endsWith('.ts') ||
      name.name.endsWith('.json') ||
      name.name.endsWith('.hbs') ||
      name.name.endsWith('.tmpl')
    )
      newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

if (process.argv.includes('--if-stale') && existsSync(join(outdir, 'main.js'))) {
  const built = statSync(join(outdir, 'main.js')).mtimeMs;
  let newest = 0;
  for (const pkg of readdirSync(join(root, 'packages'))) {
    const src = join(root, 'packages', pkg, 'src');
    if (existsSync(src)) newest = Math.max(newest, newestSource(src));
  }
  if (newest < built) process.exit(0);
}

const { build } = await import('esbuild');
const version = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version;

const externalThirdParty = {
  name: 'external-third-party',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.path.startsWith('@mfc/')) return undefined;
      return { path: args.path, external: true };
    });
  },
};

await build({
  entryPoints: [entry],
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
  define: { __MFC_VERSION__: JSON.stringify(version) },
  plugins: [externalThirdParty],
  loader: { '.hbs': 'text', '.tmpl': 'text' },
});
