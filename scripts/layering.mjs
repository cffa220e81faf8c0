// The package layering: which @mfc package may depend on which.
//
// A package's runtime `dependencies` (and the imports in its src/) may name
// only packages of a LOWER layer. Tests (devDependencies) may use any package,
// e.g. llama.cpp as an oracle. A new package gets a layer here; the gaps
// leave room to insert one between two layers.
// Enforced by the ESLint rules in scripts/eslint-plugin-mfc.mjs and by
// scripts/check-deps.mjs (both run by `pnpm lint`); described in docs/CONTRIBUTING.md.
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const LAYERS = {
  diagnostics: 0,
  gocompat: 10,
  gguf: 20,
  hf: 20,
  modelfile: 20,
  store: 20,
  gotemplate: 20,
  safetensors: 30,
  lint: 30,
  oci: 30,
  'llama-cpp': 30,
  'chat-templates': 30,
  lsp: 35,
  convert: 40,
  registry: 45,
  builder: 50,
  apps: 55,
  cli: 60,
};

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
export const packagesDir = join(repoRoot, 'packages');

/** `{ name, dir, dependencies, devDependencies }` of every workspace package (short names, no `@mfc/`). */
export function workspacePackages() {
  return readdirSync(packagesDir)
    .filter((d) => existsSync(join(packagesDir, d, 'package.json')))
    .map((d) => {
      const json = JSON.parse(readFileSync(join(packagesDir, d, 'package.json'), 'utf8'));
      const mfc = (deps) =>
        Object.keys(deps ?? {})
          .filter((k) => k.startsWith('@mfc/'))
          .map((k) => k.slice('@mfc/'.length));
      return {
        name: json.name.replace(/^@mfc\//, ''),
        dir: join(packagesDir, d),
        dependencies: mfc(json.dependencies),
        devDependencies: mfc(json.devDependencies),
      };
    });
}

/** Why `from` may not depend on `to` at run time, or undefined when it may. */
export function layeringProblem(from, to) {
  const a = LAYERS[from];
  const b = LAYERS[to];
  if (a === undefined) return `@mfc/${from} has no layer in scripts/layering.mjs; add it there`;
  if (b === undefined) return `@mfc/${to} has no layer in scripts/layering.mjs; add it there`;
  if (b >= a)
    return `@mfc/${from} (layer ${a}) may not depend on @mfc/${to} (layer ${b}): only on lower layers (see docs/CONTRIBUTING.md)`;
  return undefined;
}
