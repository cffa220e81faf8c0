// ESLint rules for the package layering (scripts/layering.mjs):
//   mfc/no-cross-package-src  — a relative import into another package's src/
//   mfc/layering              — an @mfc/* import not declared in package.json,
//                               or (from src/) one into a package of the same or a higher layer
import { existsSync, readFileSync } from 'node:fs';
import { dirname, relative, resolve, sep } from 'node:path';
import { layeringProblem, packagesDir } from './layering.mjs';

/** `{ name, part }` for a path under packages/<dir>/, e.g. part `src` or `test`. */
function packageOf(path) {
  const rel = relative(packagesDir, path);
  if (rel.startsWith('..')) return undefined;
  const [dir, part] = rel.split(sep);
  return { dir, part };
}

const manifests = new Map();
function manifest(dir) {
  if (!manifests.has(dir)) {
    const file = resolve(packagesDir, dir, 'package.json');
    manifests.set(dir, existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : undefined);
  }
  return manifests.get(dir);
}

function importSources(context, check) {
  const visit = (node) => {
    if (node.source && typeof node.source.value === 'string') check(node.source, node.source.value);
  };
  return {
    ImportDeclaration: visit,
    ExportNamedDeclaration: visit,
    ExportAllDeclaration: visit,
    ImportExpression: visit,
  };
}

const noCrossPackageSrc = {
  meta: {
    type: 'problem',
    docs: { description: "no relative imports of another package's sources" },
    schema: [],
  },
  create(context) {
    const file = context.filename;
    const own = packageOf(file);
    if (!own) return {};
    return importSources(context, (node, spec) => {
      if (!spec.startsWith('.')) return;
      const target = packageOf(resolve(dirname(file), spec));
      if (!target || target.dir === own.dir || target.part !== 'src') return;
      const name = manifest(target.dir)?.name ?? `@mfc/${target.dir}`;
      context.report({
        node,
        message: `import ${name} (declared in this package's package.json), not its sources ('${spec}')`,
      });
    });
  },
};

const layering = {
  meta: {
    type: 'problem',
    docs: { description: '@mfc/* imports are declared and follow the layers' },
    schema: [],
  },
  create(context) {
    const own = packageOf(context.filename);
    if (!own) return {};
    const json = manifest(own.dir);
    if (!json) return {};
    const self = json.name.replace(/^@mfc\//, '');
    const inSrc = own.part === 'src';
    return importSources(context, (node, spec) => {
      const m = /^@mfc\/([^/]+)/.exec(spec);
      if (!m || m[1] === self) return;
      const dep = `@mfc/${m[1]}`;
      const declared = inSrc
        ? json.dependencies?.[dep]
        : (json.dependencies?.[dep] ?? json.devDependencies?.[dep]);
      if (!declared) {
        context.report({
          node,
          message: `${dep} is not in ${json.name}'s ${inSrc ? 'dependencies' : 'dependencies or devDependencies'}`,
        });
        return;
      }
      const problem = inSrc ? layeringProblem(self, m[1]) : undefined;
      if (problem) context.report({ node, message: problem });
    });
  },
};

export default {
  meta: { name: 'eslint-plugin-mfc' },
  rules: { 'no-cross-package-src': noCrossPackageSrc, layering },
};
