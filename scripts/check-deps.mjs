// `pnpm lint` part two: the package.json side of the layering (scripts/layering.mjs).
//   - every @mfc/* in `dependencies` is imported by the package's src/ (no declared-but-unused),
//     and is of a lower layer;
//   - every @mfc/* in `devDependencies` is imported somewhere in the package.
// The import side (undeclared imports, relative imports of other packages' sources)
// is checked per file by the ESLint rules in scripts/eslint-plugin-mfc.mjs.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { layeringProblem, repoRoot, workspacePackages } from './layering.mjs';

const SOURCE = /\.(?:[cm]?[jt]s|tsx)$/;
const IMPORT = /(?:from\s+|import\s*\(\s*|import\s+)['"]@mfc\/([^/'"]+)/g;

function filesUnder(dir) {
  let out = [];
  let entries;
  try {
    entries = readdirSync(dir);
  } catch {
    return out;
  }
  for (const e of entries) {
    if (e === 'node_modules' || e === 'dist') continue;
    const p = join(dir, e);
    if (statSync(p).isDirectory()) out = out.concat(filesUnder(p));
    else if (SOURCE.test(e)) out.push(p);
  }
  return out;
}

function importsOf(files) {
  const names = new Set();
  for (const f of files) for (const m of readFileSync(f, 'utf8').matchAll(IMPORT)) names.add(m[1]);
  return names;
}

const problems = [];
for (const pkg of workspacePackages()) {
  const where = relative(repoRoot, join(pkg.dir, 'package.json'));
  const all = filesUnder(pkg.dir);
  const srcImports = importsOf(all.filter((f) => f.startsWith(join(pkg.dir, 'src'))));
  const anyImports = importsOf(all);
  for (const dep of pkg.dependencies) {
    if (!srcImports.has(dep))
      problems.push(
        `${where}: @mfc/${dep} is in dependencies but src/ never imports it; remove it${anyImports.has(dep) ? ' (or move it to devDependencies: only tests use it)' : ''}`,
      );
    const problem = layeringProblem(pkg.name, dep);
    if (problem) problems.push(`${where}: ${problem}`);
  }
  for (const dep of pkg.devDependencies) {
    if (!anyImports.has(dep))
      problems.push(
        `${where}: @mfc/${dep} is in devDependencies but nothing imports it; remove it`,
      );
  }
}
for (const p of problems) console.error(p);
if (problems.length > 0) {
  console.error(`check-deps: ${problems.length} problem${problems.length === 1 ? '' : 's'}`);
  process.exit(1);
}
