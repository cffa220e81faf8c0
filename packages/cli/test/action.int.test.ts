// Runs the lint step of action.yml with bash, as GitHub's runner would (inputs as
// environment variables, GITHUB_OUTPUT a file), with the repository's mfc on PATH:
// globs, the fail levels, SARIF output and a pattern that matches nothing.
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const bin = join(root, 'packages/cli/bin/mfc.js');
const action = parse(readFileSync(join(root, 'action.yml'), 'utf8')) as {
  inputs: Record<string, { default: string }>;
  runs: { steps: { id?: string; run: string }[] };
};
const script = action.runs.steps.find((s) => s.id === 'lint')!.run;

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'mfc-action-'));
  mkdirSync(join(dir, 'bin'));
  writeFileSync(join(dir, 'bin/mfc'), `#!/bin/sh\nexec "${process.execPath}" "${bin}" "$@"\n`);
  chmodSync(join(dir, 'bin/mfc'), 0o755);
  mkdirSync(join(dir, 'repo/models/good'), { recursive: true });
  mkdirSync(join(dir, 'repo/models/bad'), { recursive: true });
  writeFileSync(
    join(dir, 'repo/models/good/Modelfile'),
    'FROM llama3.2\nPARAMETER temperature 0.7\n',
  );
  writeFileSync(
    join(dir, 'repo/models/bad/Modelfile'),
    'FROM llama3.2\nPARAMETER temprature 0.7\n',
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the step with these inputs (defaults from action.yml); returns its exit code, log and outputs. */
function step(inputs: Record<string, string>) {
  const all = Object.fromEntries(
    Object.entries(action.inputs).map(([k, v]) => [k, inputs[k] ?? v.default]),
  );
  const outputFile = join(dir, 'github-output');
  writeFileSync(outputFile, '');
  const r = spawnSync('bash', ['-c', script], {
    cwd: join(dir, 'repo'),
    encoding: 'utf8',
    env: {
      PATH: `${join(dir, 'bin')}:${process.env.PATH}`,
      HOME: process.env.HOME,
      NO_COLOR: '1',
      GITHUB_OUTPUT: outputFile,
      MFC_FILES: all.files,
      MFC_FORMAT: all.format,
      MFC_OUTPUT: all.output,
      MFC_CONFIG: all.config,
      MFC_FAIL_LEVEL: all['fail-level'],
    },
  });
  return { code: r.status, log: r.stdout + r.stderr, outputs: readFileSync(outputFile, 'utf8') };
}

describe('action.yml lint step', () => {
  it('annotates findings of the globbed files and fails on an error', () => {
    const r = step({ files: 'models/**/Modelfile' });
    expect(r.code).toBe(1);
    expect(r.log).toMatch(/^::error file=models\/bad\/Modelfile,line=2,col=11,.*title=MF003::/m);
    expect(r.log).not.toContain('models/good/Modelfile');
    expect(r.outputs).toBe('exit-code=1\n');
  });

  it('passes with fail-level none, and reports the exit code', () => {
    const r = step({ files: 'models', 'fail-level': 'none' });
    expect(r.code).toBe(0);
    expect(r.log).toContain('::error file=models/bad/Modelfile');
    expect(r.outputs).toBe('exit-code=1\n');
  });

  it('fails on a warning with fail-level warning', () => {
    // MF008: a PARAMETER set twice is a warning.
    writeFileSync(
      join(dir, 'repo/warn.Modelfile'),
      'FROM llama3.2\nPARAMETER temperature 0.7\nPARAMETER temperature 0.8\n',
    );
    const quiet = step({ files: 'warn.Modelfile' });
    const strict = step({ files: 'warn.Modelfile', 'fail-level': 'warning' });
    expect(quiet.log).toMatch(/^::warning file=warn\.Modelfile/m);
    expect(quiet.code).toBe(0);
    expect(strict.code).toBe(1);
    expect(strict.outputs).toBe('exit-code=1\n');
  });

  it('writes SARIF to the output file', () => {
    const r = step({ files: 'models/bad/Modelfile', format: 'sarif', output: 'mfc.sarif' });
    expect(r.code).toBe(1);
    const sarif = JSON.parse(readFileSync(join(dir, 'repo/mfc.sarif'), 'utf8'));
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0].results[0].ruleId).toBe('MF003');
  });

  it('warns and passes when no file matches', () => {
    const r = step({ files: 'nothing/**/Modelfile' });
    expect(r.code).toBe(0);
    expect(r.log).toContain("::warning::no file matches 'nothing/**/Modelfile'");
    expect(r.outputs).toBe('exit-code=0\n');
    expect(existsSync(join(dir, 'repo/nothing'))).toBe(false);
  });

  it('rejects an unknown fail level', () => {
    const r = step({ 'fail-level': 'fatal' });
    expect(r.code).toBe(2);
    expect(r.log).toContain('fail-level must be error, warning or none');
  });
});
