#!/usr/bin/env node
// Builds the .vsix: bundles the client with esbuild (dist/extension.cjs, with
// vscode-languageclient inside), copies the TextMate grammar and the language
// configuration from the repository's grammar/ folder (the one copy in git),
// and packs with @vscode/vsce. Usage: node scripts/package.mjs [--out FILE.vsix]
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { createVSIX } from '@vscode/vsce';

const here = join(dirname(fileURLToPath(import.meta.url)), '..');
const grammar = join(here, '..', '..', 'grammar');
const manifest = JSON.parse(readFileSync(join(here, 'package.json'), 'utf8'));
const outIndex = process.argv.indexOf('--out');
const out =
  outIndex > 0
    ? resolve(process.argv[outIndex + 1])
    : join(here, `${manifest.name}-${manifest.version}.vsix`);

await build({
  entryPoints: [join(here, 'src', 'extension.ts')],
  outfile: join(here, 'dist', 'extension.cjs'),
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node18', // the Node inside VS Code 1.82
  external: ['vscode'],
  minify: true,
  logLevel: 'warning',
});

mkdirSync(join(here, 'syntaxes'), { recursive: true });
copyFileSync(
  join(grammar, 'modelfile.tmLanguage.json'),
  join(here, 'syntaxes', 'modelfile.tmLanguage.json'),
);
copyFileSync(
  join(grammar, 'language-configuration.json'),
  join(here, 'language-configuration.json'),
);

await createVSIX({
  cwd: here,
  packagePath: out,
  dependencies: false, // bundled by esbuild
  allowMissingRepository: true,
  skipLicense: true,
});
console.log(`wrote ${out}`);
