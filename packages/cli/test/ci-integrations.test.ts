// action.yml (the GitHub Action) and .pre-commit-hooks.yaml call mfc with options;
// this checks every one of them against the options `mfc lint --help` / `mfc fmt
// --help` print (the CLI run in process), so renaming an option breaks this test
// rather than the users' CI.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { plainStyle } from '@mfc/diagnostics';
import { getFormatter, isModelfileName } from '@mfc/lint';
import { main } from '../src/main.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));

interface ActionStep {
  name: string;
  shell?: string;
  env?: Record<string, string>;
  run: string;
}
interface Action {
  inputs: Record<string, { description: string; default: string }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: ActionStep[] };
}
interface Hook {
  id: string;
  entry: string;
  language: string;
  files: string;
  args?: string[];
}

const action = parse(readFileSync(join(root, 'action.yml'), 'utf8')) as Action;
const hooks = parse(readFileSync(join(root, '.pre-commit-hooks.yaml'), 'utf8')) as Hook[];

/** The long options a command's --help lists. */
async function optionsOf(command: string): Promise<Set<string>> {
  let out = '';
  const code = await main(
    [command, '--help'],
    {},
    {
      out: (t) => void (out += t),
      err: (t) => void (out += t),
      stdoutIsTTY: false,
      stderrIsTTY: false,
      outStyle: plainStyle,
      errStyle: plainStyle,
    },
  );
  expect(code).toBe(0);
  const options = out.slice(out.indexOf('\nOptions:'), out.indexOf('\nExamples:'));
  return new Set([...options.matchAll(/^\s+(?:-\w, )?(--[a-z-]+)/gm)].map((m) => m[1]));
}

/** Every `--option` a shell script passes (after `mfc lint`, or in its args array). */
const longOptions = (script: string) =>
  [...script.matchAll(/(?<![\w-])(--[a-z][a-z-]*)/g)].map((m) => m[1]);

let lintOptions: Set<string>;
let fmtOptions: Set<string>;
beforeAll(async () => {
  lintOptions = await optionsOf('lint');
  fmtOptions = await optionsOf('fmt');
});

describe('action.yml', () => {
  const lintStep = action.runs.steps.find((s) => /\bmfc lint\b/.test(s.run))!;

  it('is a composite action whose lint step runs mfc lint', () => {
    expect(action.runs.using).toBe('composite');
    expect(lintStep).toBeDefined();
    expect(lintStep.shell).toBe('bash');
  });

  it('passes mfc lint only options it has', () => {
    expect(lintOptions).toContain('--format');
    const used = longOptions(lintStep.run).filter((o) => o !== '--'); // `--` ends the options
    expect(used.length).toBeGreaterThan(0);
    for (const option of used) expect(lintOptions, option).toContain(option);
  });

  it('maps every input to an mfc option or to the install step', () => {
    const env = lintStep.env ?? {};
    const envOf = (input: string) =>
      Object.entries(env).find(([, v]) => v === `\${{ inputs.${input} }}`)?.[0];
    const optionFor: Record<string, string> = {
      format: '--format',
      output: '--output',
      config: '--config',
      'fail-level': '--max-warnings',
    };
    for (const [input, option] of Object.entries(optionFor)) {
      const variable = envOf(input);
      expect(variable, `input ${input} reaches the lint step`).toBeDefined();
      expect(lintOptions, option).toContain(option);
      // The variable's value is what the script hands to the option.
      if (input !== 'fail-level')
        expect(lintStep.run).toMatch(new RegExp(`${option} "\\$${variable}"`));
    }
    expect(envOf('files')).toBeDefined();
    const install = action.runs.steps[0];
    expect(install.env?.MFC_PACKAGE).toBe('${{ inputs.package }}');
    const mapped = new Set([...Object.keys(optionFor), 'files', 'package']);
    expect(Object.keys(action.inputs).sort()).toEqual([...mapped].sort());
    expect(action.outputs['exit-code'].value).toBe('${{ steps.lint.outputs.exit-code }}');
  });

  it('defaults to a format mfc lint has and names its formats', () => {
    expect(() => getFormatter(action.inputs.format.default)).not.toThrow();
    for (const name of ['github', 'sarif', 'json', 'stylish']) {
      expect(action.inputs.format.description).toContain(name);
      expect(() => getFormatter(name)).not.toThrow();
    }
  });

  it('accepts the fail levels its script handles', () => {
    expect(action.inputs['fail-level'].default).toBe('error');
    for (const level of ['error', 'warning', 'none'])
      expect(action.inputs['fail-level'].description).toContain(level);
    expect(lintStep.run).toMatch(/warning\) args\+=\(--max-warnings 0\)/);
  });
});

describe('.pre-commit-hooks.yaml', () => {
  it('has the hooks mfc-lint and mfc-fmt, in node', () => {
    expect(hooks.map((h) => h.id)).toEqual(['mfc-lint', 'mfc-fmt']);
    for (const hook of hooks) expect(hook.language).toBe('node');
  });

  it('runs mfc lint and mfc fmt with options they have', () => {
    for (const hook of hooks) {
      const [bin, command, ...args] = [...hook.entry.split(/\s+/), ...(hook.args ?? [])];
      expect(bin).toBe('mfc');
      const options = { 'mfc-lint': lintOptions, 'mfc-fmt': fmtOptions }[hook.id]!;
      expect(command).toBe(hook.id.slice(4));
      for (const arg of args.filter((a) => a.startsWith('--')))
        expect(options, `${hook.id}: ${arg}`).toContain(arg.replace(/=.*/, ''));
    }
  });

  it('selects the files mfc lint finds in folders', () => {
    const names = [
      'Modelfile',
      'modelfile',
      'Modelfile.dev',
      'models/llama/Modelfile',
      'chat.Modelfile',
      'a/b/tools.modelfile',
      'Modelfile.bak',
      'README.md',
      'Modelfiles',
      'my-Modelfile',
      'docs/Modelfile/readme.txt',
      'x.modelfile.txt',
    ];
    for (const hook of hooks) {
      expect(hook.files.startsWith('(?i)')).toBe(true); // Python's inline flag
      const re = new RegExp(hook.files.slice(4), 'i');
      for (const name of names)
        expect(re.test(name), `${hook.id} on ${name}`).toBe(
          isModelfileName(name.replace(/.*\//, '')),
        );
    }
  });
});
