import { existsSync, readdirSync } from 'node:fs';
import { mkdir, readlink, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { MfcError, commitRename, keepOnExit, removeOnExit, withTempPath } from '@mfc/diagnostics';
import { withFileLock } from './lock.js';
import { CPU_THREADS_SHIM_CPP, MFC_GENERATE_CPP } from './native/generate-source.js';
import { mfcCacheDir, prebuiltBinsDir } from './paths.js';
import { llamaCppSource, type LlamaCppSource } from './source.js';
import { llamaCppError } from './error-codes.js';

/** How to compile one tool: its sources in the llama.cpp tree, and sources mfc supplies. */
interface ToolRecipe {
  sources: string[];
  /** Extra C++ files written by mfc: file name → content. */
  extra?: Record<string, string>;
  /**
   * Extra files only when ggml loads its CPU backend at run time (the
   * prebuilt libraries). Against a cmake build, where libggml-cpu is linked,
   * they would shadow the real functions (and recurse into themselves).
   */
  dynamicBackendExtra?: Record<string, string>;
  /** The cmake target that builds the same tool (for the fallback), if any. */
  cmakeTarget?: string;
}

const RECIPES: Record<string, ToolRecipe> = {
  'llama-quantize': {
    sources: ['tools/quantize/main.cpp', 'tools/quantize/quantize.cpp'],
    cmakeTarget: 'llama-quantize',
  },
  'llama-export-lora': {
    sources: ['tools/export-lora/export-lora.cpp'],
    dynamicBackendExtra: { 'mfc-cpu-shim.cpp': CPU_THREADS_SHIM_CPP },
    cmakeTarget: 'llama-export-lora',
  },
  'llama-tokenize': { sources: ['tools/tokenize/tokenize.cpp'], cmakeTarget: 'llama-tokenize' },
  'llama-completion': {
    sources: ['tools/completion/main.cpp', 'tools/completion/completion.cpp'],
    cmakeTarget: 'llama-completion',
  },
  'llama-simple': { sources: ['examples/simple/simple.cpp'], cmakeTarget: 'llama-simple' },
  'mfc-generate': { sources: [], extra: { 'mfc-generate.cpp': MFC_GENERATE_CPP } },
};

/** The tools mfc can build by itself from node-llama-cpp's llama.cpp source. */
export const BUILDABLE_TOOLS = Object.keys(RECIPES);

export interface BuildOptions {
  env?: NodeJS.ProcessEnv;
  /** Build output (compiler lines) for `--debug` or progress. */
  onLog?: (line: string) => void;
}

/** Where built tools live: `<cache>/llama.cpp/<version>/bin`. */
export function builtToolsDir(version: string, env: NodeJS.ProcessEnv = process.env): string {
  return join(mfcCacheDir(env), 'llama.cpp', version, 'bin');
}

/** Prebuilt libraries that the linker gets (the per-CPU ggml backends are loaded at run time). */
function linkLibraries(libDir: string): string[] {
  const libs = readdirSync(libDir).filter(
    (f) => /^lib.*\.so$/.test(f) && !/^libggml-cpu-.+\.so$/.test(f),
  );
  // Dependents before their dependencies, as the linker likes it.
  const rank = (f: string) =>
    f.startsWith('libllama-common')
      ? 0
      : f.startsWith('libllama')
        ? 1
        : f.startsWith('libggml-base')
          ? 3
          : 2;
  return libs.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b)).map((f) => join(libDir, f));
}

/**
 * Puts links to the prebuilt shared libraries next to the tools: the tools'
 * rpath is `$ORIGIN`, and ggml looks for its CPU backends
 * (`libggml-cpu-<family>.so`) in the executable's folder.
 */
async function linkPrebuiltLibraries(libDir: string, binDir: string): Promise<void> {
  for (const f of readdirSync(libDir)) {
    if (!/\.so$/.test(f)) continue;
    const target = join(libDir, f);
    const link = join(binDir, f);
    try {
      if ((await readlink(link)) === target) continue;
    } catch {
      // missing or not a link: (re)create below
    }
    // Replaced atomically: a running tool never finds the library missing.
    await withTempPath(link, (tmp) => symlink(target, tmp), { sync: false });
  }
}

async function isDanglingLink(path: string): Promise<boolean> {
  try {
    await readlink(path);
  } catch {
    return false;
  }
  return !existsSync(path);
}

function compilerCommand(env: NodeJS.ProcessEnv): string {
  return env.CXX || 'g++';
}

/** Compiles one tool with the C++ compiler against the headers of `src` and the libraries in `libDir`. */
async function compileTool(
  name: string,
  recipe: ToolRecipe,
  src: LlamaCppSource,
  libDir: string,
  binDir: string,
  rpath: string,
  options: BuildOptions,
): Promise<void> {
  const env = options.env ?? process.env;
  const workDir = join(binDir, `.work-${name}-${process.pid}`);
  await mkdir(workDir, { recursive: true });
  removeOnExit(workDir);
  try {
    const extra: string[] = [];
    // Prebuilt ggml loads its CPU backend at run time (libggml-cpu-<family>.so, not linkable).
    const dynamicBackends = !existsSync(join(libDir, 'libggml-cpu.so'));
    const files = { ...recipe.extra, ...(dynamicBackends ? recipe.dynamicBackendExtra : {}) };
    for (const [file, content] of Object.entries(files)) {
      await writeFile(join(workDir, file), content);
      extra.push(join(workDir, file));
    }
    const sources = recipe.sources.map((s) => join(src.dir, s));
    const includes = [
      'include',
      'ggml/include',
      'common',
      'vendor',
      ...recipe.sources.map((s) => s.replace(/\/[^/]+$/, '')),
    ].map((d) => `-I${join(src.dir, d)}`);
    const tmpOut = join(workDir, name);
    const args = [
      '-std=c++17',
      '-O2',
      '-DNDEBUG',
      ...includes,
      ...sources,
      ...extra,
      '-o',
      tmpOut,
      ...linkLibraries(libDir),
      `-Wl,-rpath,${rpath}`,
      '-pthread',
    ];
    options.onLog?.(`${compilerCommand(env)} ${args.join(' ')}`);
    const r = await execa(compilerCommand(env), args, { reject: false, all: true, env });
    if (r.failed) {
      throw llamaCppError(
        'LLAMA_TOOL_BUILD_FAILED',
        `compiling ${name} failed: ${lastLines(r.all ?? r.message, 6)}`,
        {
          hint: 'mfc compiles llama.cpp tools with g++ (set CXX for another compiler)',
        },
      );
    }
    await commitRename(tmpOut, join(binDir, name));
  } finally {
    await rm(workDir, { recursive: true, force: true });
    keepOnExit(workDir);
  }
}

/**
 * Runs a freshly built tool without arguments: it must start (its shared
 * libraries resolve) and print its usage; llama.cpp tools then exit 1.
 */
async function checkToolStarts(tool: string, env: NodeJS.ProcessEnv): Promise<void> {
  const r = await execa(tool, [], {
    reject: false,
    all: true,
    env,
    timeout: 30_000,
    stdin: 'ignore',
  });
  if (r.signal || r.exitCode === 127 || /error while loading shared libraries/.test(r.all ?? '')) {
    throw llamaCppError(
      'LLAMA_TOOL_BUILD_FAILED',
      `the built ${tool} does not start: ${lastLines(r.all ?? r.message, 3)}`,
    );
  }
}

function lastLines(text: string, n: number): string {
  return String(text).trim().split('\n').slice(-n).join('\n');
}

/**
 * The fallback when the prebuilt libraries are missing or do not link: a
 * cmake build of llama.cpp's shared libraries only (CPU, no network code).
 * The tools are then compiled against them as usual. Takes minutes.
 */
async function cmakeLibraries(src: LlamaCppSource, options: BuildOptions): Promise<string> {
  const env = options.env ?? process.env;
  const buildDir = join(mfcCacheDir(env), 'llama.cpp', src.version, 'cmake-build');
  const libDir = join(buildDir, 'bin');
  if (existsSync(join(libDir, 'libllama.so')) && existsSync(join(libDir, 'libllama-common.so')))
    return libDir;
  const configure = [
    '-S',
    src.dir,
    '-B',
    buildDir,
    '-DCMAKE_BUILD_TYPE=Release',
    '-DBUILD_SHARED_LIBS=ON',
    '-DGGML_NATIVE=OFF',
    '-DLLAMA_OPENSSL=OFF',
    '-DLLAMA_BUILD_TESTS=OFF',
    '-DLLAMA_BUILD_EXAMPLES=OFF',
    '-DLLAMA_BUILD_SERVER=OFF',
    '-DLLAMA_BUILD_TOOLS=OFF',
    '-DLLAMA_BUILD_APP=OFF',
  ];
  for (const args of [
    configure,
    [
      '--build',
      buildDir,
      '--config',
      'Release',
      '-j',
      env.MFC_LLAMA_BUILD_JOBS || '2',
      '--target',
      'llama',
      'llama-common',
      'ggml',
    ],
  ]) {
    options.onLog?.(`cmake ${args.join(' ')}`);
    const r = await execa('cmake', args, { reject: false, all: true, env });
    if (r.failed) {
      throw llamaCppError(
        'LLAMA_CPP_BUILD_FAILED',
        `building llama.cpp with cmake failed: ${lastLines(r.all ?? r.message, 8)}`,
        {
          hint: 'install cmake and a C++ compiler, or point mfc at llama.cpp tools with --llama-cpp DIR / MFC_LLAMA_CPP',
        },
      );
    }
  }
  return libDir;
}

/**
 * Builds (once per llama.cpp version) one of {@link BUILDABLE_TOOLS} and
 * returns its path. Concurrent callers, in this or other processes, wait for
 * the one build. Fast path: g++ against the prebuilt node-llama-cpp
 * libraries, ~2 s per tool; fallback: cmake-built libraries.
 */
export async function buildLlamaTool(name: string, options: BuildOptions = {}): Promise<string> {
  const recipe = RECIPES[name];
  if (!recipe) {
    throw llamaCppError('LLAMA_TOOL_UNKNOWN', `mfc cannot build the llama.cpp tool ${name}`, {
      hint: `mfc builds ${BUILDABLE_TOOLS.join(', ')}`,
    });
  }
  const env = options.env ?? process.env;
  const src = await llamaCppSource(env);
  const binDir = builtToolsDir(src.version, env);
  const tool = join(binDir, name);
  const prebuilt = prebuiltBinsDir();
  if (existsSync(tool)) {
    // Links to the prebuilt libraries break when node_modules is reinstalled elsewhere.
    if (prebuilt && (await isDanglingLink(join(binDir, 'libllama-common.so')))) {
      await linkPrebuiltLibraries(prebuilt, binDir);
    }
    return tool;
  }
  await mkdir(binDir, { recursive: true });
  return withFileLock(join(binDir, `.lock-${name}`), async () => {
    if (existsSync(tool)) return tool;
    let fastPathError: unknown;
    // MFC_LLAMA_BUILD=cmake skips the prebuilt libraries (to test or force the fallback).
    const useCmake = env.MFC_LLAMA_BUILD === 'cmake';
    if (!useCmake && prebuilt && existsSync(join(prebuilt, 'libllama-common.so'))) {
      try {
        await linkPrebuiltLibraries(prebuilt, binDir);
        await compileTool(name, recipe, src, prebuilt, binDir, '$ORIGIN', options);
        await checkToolStarts(tool, env);
        return tool;
      } catch (err) {
        await rm(tool, { force: true });
        fastPathError = err;
        options.onLog?.(
          `fast build of ${name} failed, falling back to cmake: ${(err as Error).message}`,
        );
      }
    }
    try {
      const libDir = await withFileLock(join(binDir, '.lock-cmake'), () =>
        cmakeLibraries(src, options),
      );
      await compileTool(name, recipe, src, libDir, binDir, libDir, options);
      await checkToolStarts(tool, env);
      return tool;
    } catch (err) {
      await rm(tool, { force: true });
      if (!fastPathError) throw err;
      throw llamaCppError(
        'LLAMA_TOOL_BUILD_FAILED',
        `could not build ${name}: ${(fastPathError as Error).message}; the cmake fallback failed too: ${(err as Error).message}`,
        { hint: (err as MfcError).hint, cause: err },
      );
    }
  });
}
