#!/usr/bin/env node
// Bundles the CLI (packages/cli/src/main.ts and the workspace packages it
// imports) into packages/cli/dist with one lazily loaded chunk per command.
// Third-party packages stay external and load from node_modules.
// `--if-stale` skips the build when no source file is newer than the bundle.
import { readFileSync, readdirSync, rmSync, statSync, existsSync, writeFileSync } from 'node:fs';
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

// Third-party code is bundled too (loading chevrotain and lodash-es as ~700 separate ES modules
// cost `mfc lint` most of a second at start), except node-llama-cpp: mfc never imports it, it
// finds the package on disk for the llama.cpp source and prebuilt libraries it ships.
const EXTERNAL = [/^node-llama-cpp(\/|$)/, /^@node-llama-cpp\//];

const externalThirdParty = {
  name: 'external-third-party',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => {
      if (!EXTERNAL.some((re) => re.test(args.path))) return undefined;
      return { path: args.path, external: true };
    });
  },
};

// Stale chunks of an earlier build must not end up in the package.
rmSync(outdir, { recursive: true, force: true });

const result = await build({
  entryPoints: [entry],
  absWorkingDir: root, // metafile paths relative to the repository, wherever the build runs
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  // Smaller files parse faster at start-up; names stay readable in stack traces.
  minifyWhitespace: true,
  minifySyntax: true,
  metafile: true,
  logLevel: 'warning',
  define: { __MFC_VERSION__: JSON.stringify(version) },
  plugins: [externalThirdParty],
  // Bundled CommonJS dependencies (cross-spawn under execa) require() Node's modules.
  banner: {
    js: "import { createRequire as __mfcCreateRequire } from 'node:module'; const require = __mfcCreateRequire(import.meta.url);",
  },
  loader: { '.hbs': 'text', '.tmpl': 'text' },
});

// meta.json: which sources went into which chunk (the start-up tests read it).
writeFileSync(join(outdir, 'meta.json'), JSON.stringify(result.metafile));
writeFileSync(join(outdir, 'THIRD-PARTY-LICENSES.md'), thirdPartyLicenses(result.metafile));

/** The licence texts of the npm packages bundled into dist/, for the installable package. */
function thirdPartyLicenses(metafile) {
  const dirs = new Set();
  for (const input of Object.keys(metafile.inputs)) {
    const m = /^(.*node_modules\/(?:@[^/]+\/)?[^/@][^/]*)\//.exec(input);
    if (m) dirs.add(m[1]);
  }
  const sections = [...dirs].sort().map((dir) => {
    const pkg = JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8'));
    const file = readdirSync(join(root, dir)).find((f) => /^(licen[cs]e|copying)/i.test(f));
    const text = file
      ? readFileSync(join(root, dir, file), 'utf8').trim()
      : `License: ${pkg.license}`;
    return `## ${pkg.name} ${pkg.version} (${pkg.license})\n\n\`\`\`\n${text}\n\`\`\`\n`;
  });
  return `# Third-party code bundled into mfc\n\n${sections.join('\n')}`;
}
