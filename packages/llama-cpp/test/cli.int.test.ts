import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openGguf } from '@mfc/gguf';
import { tempDir, tinyLlama } from './helpers.js';
import { writeTinyPeftAdapter } from '../../../scripts/fixtures/index.js';

const bin = fileURLToPath(new URL('../../cli/bin/mfc.js', import.meta.url));
const repo = fileURLToPath(new URL('../../../', import.meta.url));

function mfc(
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], {
      env: { ...process.env, ...env },
      cwd: repo,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('mfc quantize | run | doctor', () => {
  let tmp: Awaited<ReturnType<typeof tempDir>>;
  beforeAll(async () => {
    tmp = await tempDir();
    await tinyLlama();
  });
  afterAll(() => tmp.cleanup());

  it('mfc quantize writes the file and reports it as JSON; bad types are usage errors', async () => {
    const { f16 } = await tinyLlama();
    const out = join(tmp.dir, 'q6.gguf');
    const r = await mfc(['quantize', f16, out, 'q6_k', '--json', '--no-cache']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      output: out,
      type: 'Q6_K',
      fileType: 18,
      cached: false,
    });
    expect((await openGguf(out)).fileType).toBe(18);
    const bad = await mfc(['quantize', f16, out, 'Q6_X']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('unknown quantization type "Q6_X"');
    const imatrix = await mfc(['quantize', f16, out, 'iq2_xxs']);
    expect(imatrix.code).toBe(2);
    expect(imatrix.stderr).toContain('needs an importance matrix');
  });

  it('mfc run loads a built model (template, system, messages, params) and generates', async () => {
    const models = join(tmp.dir, 'models');
    const build = await mfc([
      'build',
      '-f',
      'fixtures/build/tiny/Modelfile',
      '-t',
      'tiny',
      '--models',
      models,
      '--quiet',
    ]);
    expect(build.code, build.stderr).toBe(0);
    const r = await mfc([
      'run',
      'tiny',
      'Why is the sky blue?',
      '--models',
      models,
      '-n',
      '5',
      '--seed',
      '3',
      '--json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const result = JSON.parse(r.stdout);
    expect(result.prompt).toBe(
      '<|system|>\nYou are a tiny test model. Answer in one short sentence.</s>\n<|user|>\nHello!</s>\n<|assistant|>\nHi. How can I help?</s>\n<|user|>\nWhy is the sky blue?</s>\n<|assistant|>\n',
    );
    expect(result.tokens.length).toBeGreaterThan(0);
    expect(result.promptTokens).toBeGreaterThan(20);
    const missing = await mfc(['run', 'nope', 'x', '--models', models]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("model 'nope:latest' not found");
  });

  it('mfc build quantizes, converts a PEFT adapter, merges it; mfc run generates from each', async () => {
    const { f16 } = await tinyLlama();
    const models = join(tmp.dir, 'models-build');
    await writeTinyPeftAdapter(join(tmp.dir, 'peft'));
    const modelfile = join(tmp.dir, 'Modelfile');
    await writeFile(
      modelfile,
      `FROM ${f16}\nADAPTER ./peft\nTEMPLATE """[INST] {{ .Prompt }} [/INST]"""\nPARAMETER temperature 0\n`,
    );
    const builds: [
      string,
      string[],
      NodeJS.ProcessEnv,
      { quantization: string; adapters: number },
    ][] = [
      ['f16', [], {}, { quantization: 'F16', adapters: 1 }],
      ['q4', ['-q', 'q4_K_M'], {}, { quantization: 'Q4_K_M', adapters: 1 }],
      ['q6', [], { MFC_QUANTIZE: 'Q6_K' }, { quantization: 'Q6_K', adapters: 1 }],
      ['merged', ['--merge-adapters', '-q', 'Q5_K_M'], {}, { quantization: 'Q5_K_M', adapters: 0 }],
    ];
    for (const [name, flags, env, expected] of builds) {
      const b = await mfc(
        ['build', '-f', modelfile, '-t', name, '--models', models, '--json', ...flags],
        env,
      );
      expect(b.code, b.stderr).toBe(0);
      const show = await mfc(['show', name, '--models', models]);
      expect(show.stdout).toMatch(new RegExp(`quantization\\s+${expected.quantization}\\b`));
      const r = await mfc(['run', name, 'Hello', '--models', models, '-n', '3', '--json']);
      expect(r.code, r.stderr).toBe(0);
      const run = JSON.parse(r.stdout);
      expect(run.adapters).toBe(expected.adapters);
      expect(run.prompt).toBe('[INST] Hello [/INST]');
      expect(run.tokens.length).toBeGreaterThan(0);
    }
    // A --tensor-type pattern no tensor matches changes only the cache key: llama-quantize really runs.
    const fresh = await mfc([
      'build',
      '-f',
      modelfile,
      '-t',
      'progress',
      '--models',
      models,
      '--json',
      '-q',
      'Q4_0',
      '--tensor-type',
      `mfc_progress_${process.pid}_${Date.now()}=q8_0`,
    ]);
    expect(fresh.code, fresh.stderr).toBe(0);
    const quantizing = fresh.stderr
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as { event: string; label?: string; done: number; total: number })
      .filter((e) => e.label?.startsWith('quantizing '));
    const tensorCount = (await openGguf(f16)).tensors.length;
    expect(quantizing[0]).toMatchObject({ event: 'start', done: 0, total: tensorCount });
    expect(quantizing.at(-1)).toMatchObject({
      event: 'end',
      done: tensorCount,
      total: tensorCount,
    });

    const bad = await mfc([
      'build',
      '-f',
      modelfile,
      '-t',
      'bad',
      '--models',
      models,
      '-q',
      'IQ2_XS',
    ]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('needs an importance matrix');
  });

  it('mfc doctor reports every tool and exits 0 when all are usable', async () => {
    const r = await mfc(['doctor', '--json']);
    expect(r.code, r.stdout).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.ok).toBe(true);
    const names = report.checks.map((c: { name: string }) => c.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'llama-quantize',
        'llama-export-lora',
        'mfc-generate',
        'C++ compiler',
      ]),
    );
    const broken = await mfc(['doctor', '--json', '--llama-cpp', tmp.dir]);
    expect(broken.code).toBe(1);
    const quantize = JSON.parse(broken.stdout).checks.find(
      (c: { name: string }) => c.name === 'llama-quantize',
    );
    expect(quantize).toMatchObject({
      ok: false,
      detail: expect.stringContaining('not in the llama.cpp folder'),
    });
  });
});
