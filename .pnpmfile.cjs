/* global require, module, __dirname */
/* eslint-disable @typescript-eslint/no-require-imports -- pnpm loads this file as CommonJS */
// pnpm hooks. beforePacking turns packages/cli's workspace manifest into the
// manifest of the installable `mfc` tarball (`pnpm pack` in packages/cli):
// the @mfc/* packages and all other third-party code are bundled into dist/
// (scripts/build.mjs), so the only run-time dependency left is node-llama-cpp,
// which mfc finds on disk (llama.cpp source, prebuilt libraries), never imports.
const { readFileSync } = require('node:fs');
const { isBuiltin } = require('node:module');
const { join } = require('node:path');

/** Dependencies the bundle needs installed next to it. */
const RUNTIME = ['node-llama-cpp'];

function packageOf(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

function cliManifest(pkg) {
  const meta = JSON.parse(
    readFileSync(join(__dirname, 'packages/cli/dist/meta.json'), 'utf8'), // written by the build
  );
  // Every import the bundle leaves to Node must be a built-in or a declared run-time dependency.
  for (const output of Object.values(meta.outputs))
    for (const imp of output.imports ?? []) {
      if (!imp.external || isBuiltin(imp.path)) continue;
      if (!RUNTIME.includes(packageOf(imp.path)))
        throw new Error(`the bundle imports ${imp.path}, which the packed mfc would not install`);
    }
  const dependencies = {};
  for (const name of RUNTIME) {
    const range = pkg.dependencies?.[name];
    if (!range) throw new Error(`packages/cli/package.json does not declare ${name}`);
    dependencies[name] = range;
  }
  const packed = { ...pkg, dependencies };
  for (const key of ['private', 'exports', 'scripts', 'devDependencies']) delete packed[key];
  return packed;
}

module.exports = {
  hooks: {
    beforePacking(pkg) {
      return pkg.name === '@mfc/cli' ? cliManifest(pkg) : pkg;
    },
  },
};
