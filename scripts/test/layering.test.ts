// The layering rules (docs/CONTRIBUTING.md) on real files of this repository's layout.
import { join } from 'node:path';
import { RuleTester } from 'eslint';
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain ESM module without types
import plugin from '../eslint-plugin-mfc.mjs';
// @ts-expect-error plain ESM module without types
import { LAYERS, layeringProblem, packagesDir, workspacePackages } from '../layering.mjs';

RuleTester.describe = describe;
RuleTester.it = it;
const tester = new RuleTester({ languageOptions: { ecmaVersion: 2022, sourceType: 'module' } });
const inPkg = (pkg: string, ...path: string[]) => join(packagesDir, pkg, ...path);

describe('mfc/no-cross-package-src', () => {
  tester.run('no-cross-package-src', plugin.rules['no-cross-package-src'], {
    valid: [
      { code: "import { x } from './y.js';", filename: inPkg('gguf', 'src', 'a.ts') },
      {
        code: "import { x } from '../src/index.js';",
        filename: inPkg('gguf', 'test', 'a.test.ts'),
      },
      // Another package's test helpers are not its sources.
      {
        code: "import { h } from '../../gguf/test/helpers.js';",
        filename: inPkg('cli', 'test', 'a.test.ts'),
      },
    ],
    invalid: [
      {
        code: "import { openGguf } from '../../gguf/src/index.js';",
        filename: inPkg('builder', 'src', 'a.ts'),
        errors: [{ message: /import @mfc\/gguf .*not its sources/ }],
      },
      {
        code: "export * from '../../../store/src/name.js';",
        filename: inPkg('cli', 'src', 'commands', 'a.ts'),
        errors: [{ message: /import @mfc\/store/ }],
      },
    ],
  });
});

describe('mfc/layering', () => {
  tester.run('layering', plugin.rules.layering, {
    valid: [
      {
        code: "import { MfcError } from '@mfc/diagnostics';",
        filename: inPkg('gguf', 'src', 'a.ts'),
      },
      // Tests may use a higher layer as an oracle when it is a devDependency.
      {
        code: "import { generate } from '@mfc/llama-cpp';",
        filename: inPkg('convert', 'test', 'a.test.ts'),
      },
    ],
    invalid: [
      {
        code: "import { openStore } from '@mfc/store';",
        filename: inPkg('gguf', 'src', 'a.ts'),
        errors: [{ message: "@mfc/store is not in @mfc/gguf's dependencies" }],
      },
      {
        code: "import { generate } from '@mfc/llama-cpp';",
        filename: inPkg('convert', 'src', 'a.ts'),
        errors: [{ message: "@mfc/llama-cpp is not in @mfc/convert's dependencies" }],
      },
    ],
  });

  it('allows only lower layers, and names packages without a layer', () => {
    expect(layeringProblem('builder', 'gguf')).toBeUndefined();
    expect(layeringProblem('gguf', 'builder')).toMatch(
      /layer 20\) may not depend on @mfc\/builder/,
    );
    expect(layeringProblem('lint', 'llama-cpp')).toMatch(/may not depend/);
    expect(layeringProblem('newpkg', 'gguf')).toMatch(/no layer in scripts\/layering.mjs/);
  });

  it('gives every workspace package a layer, and every declared dependency follows them', () => {
    for (const pkg of workspacePackages() as { name: string; dependencies: string[] }[]) {
      expect(LAYERS, pkg.name).toHaveProperty([pkg.name]);
      for (const dep of pkg.dependencies) expect(layeringProblem(pkg.name, dep)).toBeUndefined();
    }
  });
});
