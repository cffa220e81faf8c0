import { execa } from 'execa';
import { isMfcError } from '@mfc/diagnostics';
import {
  builtToolsDir,
  bundledLlamaCppVersion,
  findLlamaTool,
  llamaCppSource,
  mfcCacheDir,
  prebuiltBinsDir,
  type LlamaTool,
} from '@mfc/llama-cpp';
import { defineCommand, flag, printJson, stringOption } from '../command.js';
import { llamaCppOption } from '../shared-options.js';

/** The tools mfc runs, and what for. */
const TOOLS: [name: string, purpose: string][] = [
  ['llama-quantize', 'mfc quantize, mfc build --quantize'],
  ['llama-export-lora', 'mfc build --merge-adapters'],
  ['mfc-generate', 'mfc run (mfc’s own generator, built like the tools)'],
  ['llama-tokenize', 'tokenizer checks'],
];

interface Check {
  name: string;
  ok: boolean;
  detail: string;
  hint?: string;
}

async function commandVersion(cmd: string, args: string[]): Promise<string | undefined> {
  const r = await execa(cmd, args, { reject: false, timeout: 10_000 });
  if (r.failed) return undefined;
  return String(r.stdout || r.stderr)
    .split('\n')[0]
    .trim();
}

export default defineCommand({
  name: 'doctor',
  summary: 'Check the llama.cpp tools mfc uses: where they are, their version, what is missing',
  usage: 'mfc doctor [options]',
  description: [
    'mfc finds llama.cpp tools with --llama-cpp DIR or $MFC_LLAMA_CPP, then on PATH, then',
    'builds them itself: g++ against the llama.cpp source that node-llama-cpp ships and its',
    'prebuilt CPU libraries (about 2 s per tool), cached in the mfc cache folder per',
    'llama.cpp version. --build builds what is missing now. Exit code 1 when a tool is',
    'neither found nor buildable.',
  ].join('\n'),
  examples: ['mfc doctor', 'mfc doctor --build', 'mfc doctor --json'],
  options: {
    build: { type: 'boolean', description: 'Build the tools that are missing' },
    'llama-cpp': llamaCppOption,
    json: { type: 'boolean', description: 'Print the report as JSON' },
  },
  async run(ctx) {
    const env = ctx.env;
    const llamaCppDir = stringOption(ctx, 'llama-cpp');
    const checks: Check[] = [];
    const version = bundledLlamaCppVersion();
    checks.push({
      name: 'node',
      ok: true,
      detail: `${process.version} (${process.platform}-${process.arch})`,
    });
    checks.push({ name: 'cache', ok: true, detail: mfcCacheDir(env) });
    const prebuilt = prebuiltBinsDir();
    checks.push({
      name: 'prebuilt libraries',
      ok: prebuilt !== undefined,
      detail: prebuilt ?? `none for ${process.platform}-${process.arch}`,
      hint: prebuilt
        ? undefined
        : 'mfc falls back to a cmake build of llama.cpp (minutes); or pass --llama-cpp DIR',
    });
    const cxx = env.CXX || 'g++';
    const cxxVersion = await commandVersion(cxx, ['--version']);
    checks.push({
      name: 'C++ compiler',
      ok: cxxVersion !== undefined,
      detail: cxxVersion ?? `${cxx} not found`,
      hint: cxxVersion ? undefined : 'install g++ (Debian/Ubuntu: apt-get install g++) or set CXX',
    });
    const cmake = await commandVersion('cmake', ['--version']);
    checks.push({ name: 'cmake (fallback only)', ok: true, detail: cmake ?? 'not found' });
    const git = await commandVersion('git', ['--version']);
    checks.push({
      name: 'git',
      ok: git !== undefined,
      detail: git ?? 'not found',
      hint: git ? undefined : 'mfc needs git to unpack the llama.cpp source bundle',
    });
    let source: string | undefined;
    if (flag(ctx, 'build')) {
      try {
        source = (await llamaCppSource(env)).dir;
      } catch (err) {
        checks.push({ name: 'llama.cpp source', ok: false, detail: (err as Error).message });
      }
    }
    checks.push({
      name: 'llama.cpp',
      ok: true,
      detail: `${version} (from node-llama-cpp)${source ? `, source in ${source}` : ''}`,
    });
    const canBuild = prebuilt !== undefined && cxxVersion !== undefined && git !== undefined;
    for (const [name, purpose] of TOOLS) {
      let tool: LlamaTool | undefined;
      let problem: string | undefined;
      try {
        tool = await findLlamaTool(name, { env, llamaCppDir, noBuild: !flag(ctx, 'build') });
      } catch (err) {
        if (!isMfcError(err)) throw err;
        problem = err.code === 'LLAMA_TOOL_NOT_BUILT' ? undefined : err.message;
      }
      if (tool) {
        checks.push({
          name,
          ok: true,
          detail: `${tool.path} (${tool.origin === 'built' ? `built by mfc for ${version}` : tool.origin === 'path' ? 'on PATH' : 'from --llama-cpp/MFC_LLAMA_CPP'})`,
        });
      } else if (problem) {
        checks.push({ name, ok: false, detail: problem, hint: `needed for ${purpose}` });
      } else {
        checks.push({
          name,
          ok: canBuild,
          detail: canBuild
            ? `not built yet; mfc builds it on first use into ${builtToolsDir(version, env)}`
            : 'missing, and mfc cannot build it here',
          hint: canBuild
            ? 'run `mfc doctor --build` to build it now'
            : `needed for ${purpose}; install llama.cpp and pass --llama-cpp DIR`,
        });
      }
    }
    const ok = checks.every((c) => c.ok);
    if (flag(ctx, 'json')) {
      printJson(ctx, { ok, llamaCppVersion: version, checks });
    } else {
      const style = ctx.terminal.outStyle;
      for (const c of checks) {
        const mark = c.ok ? style.cyan('ok') : style.red('!!');
        ctx.terminal.out(`${mark}  ${c.name.padEnd(22)} ${c.detail}\n`);
        if (c.hint) ctx.terminal.out(`    ${' '.repeat(22)} ${style.dim(c.hint)}\n`);
      }
    }
    return ok ? 0 : 1;
  },
});
