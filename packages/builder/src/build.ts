import { rm } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { formatLocation, keepOnExit, readInputFile } from '@mfc/diagnostics';
import { builderError } from './error-codes.js';
import { LintErrorsError, lintModelfile, type Finding, type LintResult } from '@mfc/lint';
import { parseQuantType } from '@mfc/llama-cpp';
import { parseModelfileOrThrow, type OllamaCommand } from '@mfc/modelfile';
import {
  displayFull,
  displayShortest,
  openStore,
  parseModelName,
  parseNameBare,
  type Digest,
  type HeldLock,
  type Layer,
  type ModelName,
} from '@mfc/store';
import type { BuildEvent, BuildEventSink } from './events.js';
import { buildRequestFromCommands, type BuildRequest } from './request.js';
import { adapterLayer, draftLayers } from './stages/adapter.js';
import { baseLayers, resolveBase, type BaseLayers, type ResolvedBase } from './stages/base.js';
import { buildConfig } from './stages/config.js';
import {
  createContext,
  storeLayers,
  type BuildContext,
  type PendingLayer,
} from './stages/context.js';
import { writeManifestStage } from './stages/manifest.js';
import { checkTextLayers, textLayers } from './stages/text-layers.js';
import { transformStoredModel, weightLayers, type Weights } from './stages/weights.js';
import type { ModelTransformOptions } from './transforms.js';

export interface BuildOptions extends ModelTransformOptions {
  /** The models folder (`--models` / `OLLAMA_MODELS`). */
  modelsDir: string;
  /** The model name, `[host/][namespace/]model[:tag]`. */
  name: string;
  /** Path of the Modelfile; relative paths in it resolve against its folder. */
  modelfile?: string;
  /** Modelfile text (read from `modelfile` when absent). */
  text?: string | Uint8Array;
  /** Instead of a Modelfile: Ollama commands (`{name, args}`), with paths relative to `baseDir`. */
  commands?: readonly OllamaCommand[];
  /** Folder for relative paths when building from `commands` (default: the current folder). */
  baseDir?: string;
  /** Hard-link GGUF files into the store instead of copying them. */
  link?: boolean;
  /** Run the linter first (default true for Modelfile text); lint errors stop the build. */
  lint?: boolean;
  onEvent?: BuildEventSink;
  /** How long to wait for another build of the same name (default 10 minutes). */
  lockTimeoutMs?: number;
  /** Skip deleting blobs the previous manifest of this name no longer needs (Ollama's `OLLAMA_NOPRUNE`). */
  noPrune?: boolean;
}

export interface BuildResult {
  /** `DisplayShortest`, e.g. `mymodel:latest`. */
  name: string;
  fullName: string;
  manifestDigest: Digest;
  manifestPath: string;
  config: Layer;
  layers: Layer[];
  /** Template in effect: from the Modelfile, chosen for the GGUF's chat template, inherited, or none. */
  template: { source: 'modelfile' | 'autodetected' | 'inherited' | 'none'; name?: string };
  /** The build's warnings, the linter's first as `file:line:column: message [code]`. */
  warnings: string[];
  /** The linter's warnings and notes (errors stop the build), with their ranges. */
  lint: Finding[];
  /** Bytes written to new blobs by copying, and bytes hard-linked. */
  bytesCopied: number;
  bytesLinked: number;
}

/**
 * Lint errors stop the build; the report travels with the error. Code
 * `LINT_ERRORS`, as lint's own assertNoLintErrors (it was BUILD_LINT_FAILED:
 * two codes for one condition).
 */
export class BuildLintError extends LintErrorsError {
  constructor(lint: LintResult) {
    super(
      lint,
      `the Modelfile has ${lint.errorCount} lint error${lint.errorCount === 1 ? '' : 's'}`,
      {
        location: { file: lint.file },
        hint: "fix them (see 'mfc lint') and build again",
      },
    );
    this.name = 'BuildLintError';
  }
}

async function readModelfile(
  options: BuildOptions,
): Promise<{ text: string | Uint8Array; file: string }> {
  const file = resolve(options.modelfile ?? 'Modelfile');
  if (options.text !== undefined) return { text: options.text, file };
  try {
    return { text: await readInputFile(file), file };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      throw builderError('BUILD_NO_MODELFILE', 'Modelfile not found', {
        location: { file },
        hint: options.modelfile
          ? 'check the path given with -f'
          : 'create a Modelfile here or pass one with -f FILE',
      });
    }
    throw err;
  }
}

/** Parses and lints the Modelfile, then builds the request. */
async function loadRequest(
  options: BuildOptions,
  emit: (e: BuildEvent) => void,
): Promise<{ req: BuildRequest; baseDir: string; lint?: LintResult }> {
  if (options.commands) {
    const baseDir = resolve(options.baseDir ?? process.cwd());
    return {
      req: buildRequestFromCommands(options.commands, { file: options.modelfile }),
      baseDir,
    };
  }
  const { text, file } = await readModelfile(options);
  // A syntax error stops the build as the parser reports it (Ollama's first error).
  const parsed = parseModelfileOrThrow(text, { file });
  let lint: LintResult | undefined;
  if (options.lint !== false) {
    emit({ type: 'status', code: 'BUILD_S_LINTING', message: 'linting the Modelfile' });
    lint = await lintModelfile(text, { file });
    if (lint.errorCount > 0) throw new BuildLintError(lint);
  }
  const ranges =
    parsed.ast.commands.length === parsed.commands.length
      ? parsed.ast.commands.map((c) => c.range)
      : undefined;
  return {
    req: buildRequestFromCommands(parsed.commands, { file, ranges }),
    baseDir: dirname(file),
    lint,
  };
}

/** What `buildModel` and `buildQuantizations` do before taking a name lock: read, lint, open the store. */
async function prepareBuild(options: BuildOptions) {
  const warnings: string[] = [];
  const emit = (e: BuildEvent) => options.onEvent?.(e);
  const { req, baseDir, lint } = await loadRequest(options, emit);
  if (lint && lint.findings.length > 0) {
    emit({ type: 'lint', result: lint });
    for (const f of lint.findings) warnings.push(`${formatLocation(f)}: ${f.message} [${f.code}]`);
  }
  const store = await openStore(options.modelsDir);
  return { req, baseDir, lint, warnings, emit, store };
}

/** Removes a build's work folder (converted and quantized models: hundreds of MB). */
async function removeWorkDir(ctx: BuildContext): Promise<void> {
  if (!ctx.workDir) return;
  await rm(ctx.workDir, { recursive: true, force: true });
  keepOnExit(ctx.workDir);
}

/**
 * Compiles a Modelfile into a model in the store, the way `ollama create`
 * lays it out (§3 of the reference), storing GGUF files verbatim.
 */
export async function buildModel(options: BuildOptions): Promise<BuildResult> {
  const { req, baseDir, lint, warnings, emit, store } = await prepareBuild(options);
  const name = await store.spellingFor(parseModelName(options.name));
  const ctx = createContext(store, options, emit, warnings);
  warnDeprecated(ctx, req, lint);
  return underNameLock(ctx, name, options, async (lock) => {
    const resolved = await resolveBase(ctx, req, baseDir);
    const base = await baseLayers(ctx, resolved.source);
    return {
      ...(await buildLocked(ctx, req, baseDir, { name, lock }, resolved, base)),
      lint: lint?.findings ?? [],
    };
  });
}

/**
 * The request's warnings (deprecated parameters, in Ollama's words) are what lint's MF005
 * reports; they are shown only when lint did not run, with lint's code.
 */
function warnDeprecated(ctx: BuildContext, req: BuildRequest, lint: LintResult | undefined) {
  if (!lint)
    for (const w of req.warnings)
      ctx.warn('MF005', w.message.replace(/^warning: /, ''), w.location);
}

/**
 * Runs `fn` under the name lock of `name` (saying so while another build of it holds the
 * lock), then removes the build's work folder.
 */
function underNameLock<T>(
  ctx: BuildContext,
  name: ModelName,
  options: BuildOptions,
  fn: (lock: HeldLock) => Promise<T>,
): Promise<T> {
  return ctx.store.withNameLock(
    name,
    `building ${displayShortest(name)}`,
    async (lock) => {
      try {
        return await fn(lock);
      } finally {
        await removeWorkDir(ctx);
      }
    },
    {
      timeoutMs: options.lockTimeoutMs,
      onWait: (owner) =>
        ctx.emit({
          type: 'status',
          code: 'BUILD_S_WAITING_FOR_LOCK',
          message: `waiting for another build of ${displayShortest(name)}${owner ? ` (pid ${owner.pid})` : ''}`,
        }),
    },
  );
}

/**
 * The tag of one quantization in a multi-quant build, as Ollama's library
 * names them (`llama3.2:3b-instruct-q4_K_M`): `NAME:TAG-<type>` when a tag is
 * given, else `NAME:<type>`; the type is llama.cpp's name with its leading
 * letters in lower case (`q4_K_M`, `q8_0`, `iq2_XS`, `f16`, `bf16`).
 */
export function quantizationTag(name: string, type: string): string {
  const bare = parseNameBare(name);
  const suffix = type.replace(/^[A-Z]+/, (letters) => letters.toLowerCase());
  const cut = name.lastIndexOf(':');
  const prefix = bare.tag ? name.slice(0, cut) : name;
  return `${prefix}:${bare.tag ? `${bare.tag}-` : ''}${suffix}`;
}

/**
 * `mfc build -q Q4_K_M,Q5_K_M,Q8_0 -t NAME[:TAG]`: one model per quantization
 * type (tags from `quantizationTag`), from one read of the Modelfile and one
 * conversion (safetensors → GGUF, kept in a shared work folder). Each tag is
 * built under its own name lock, in the order given; the layers they share
 * (template, params, license…) are content-addressed, so written once. A
 * failure stops at that type: the tags built before it stay.
 */
export async function buildQuantizations(
  options: BuildOptions,
  types: readonly string[],
): Promise<BuildResult[]> {
  const parsed = types.map((t) => parseQuantType(t));
  const seen = new Set<string>();
  for (const t of parsed) {
    if (seen.has(t.name))
      throw builderError('BUILD_DUPLICATE_QUANT', `--quantize lists ${t.name} twice`);
    seen.add(t.name);
  }
  const targets = parsed.map((t) => ({
    type: t.name,
    name: quantizationTag(options.name, t.name),
  }));
  const names = targets.map((t) => parseModelName(t.name));
  const { req, baseDir, lint, warnings, emit, store } = await prepareBuild(options);
  // The conversion is shared; it writes only into its work folder, so it needs no name lock.
  const shared = createContext(store, { ...options, quantize: targets[0].type }, emit, warnings);
  // Before the tags' contexts copy the warnings: each tag's result carries them.
  warnDeprecated(shared, req, lint);
  const results: BuildResult[] = [];
  try {
    const resolved = await resolveBase(shared, req, baseDir);
    const base = await baseLayers(shared, resolved.source);
    for (const [i, target] of targets.entries()) {
      const name = await store.spellingFor(names[i]);
      const ctx = createContext(store, { ...options, quantize: target.type }, emit, [...warnings]);
      emit({
        type: 'status',
        code: 'BUILD_S_BUILDING_TAG',
        message: `building ${displayShortest(name)} (${target.type})`,
      });
      const r = await underNameLock(ctx, name, options, (lock) =>
        buildLocked(ctx, req, baseDir, { name, lock }, resolved, base),
      );
      results.push({ ...r, lint: lint?.findings ?? [] });
    }
    return results;
  } finally {
    await removeWorkDir(shared);
  }
}

/**
 * Stages 3–7 in order, each taking what the previous ones returned. Every
 * check that can fail runs before the first blob is written; should storing
 * fail anyway (disk full), the blobs this build added and no manifest
 * references are removed again.
 */
async function buildLocked(
  ctx: BuildContext,
  req: BuildRequest,
  baseDir: string,
  target: { name: ModelName; lock: HeldLock },
  resolved: ResolvedBase,
  base: BaseLayers,
): Promise<Omit<BuildResult, 'lint'>> {
  const { name, lock } = target;
  const previous = await ctx.store.load(name).catch(() => undefined);
  try {
    let pending: PendingLayer[] = [];
    let template: BuildResult['template'] = { source: 'none' };
    let weights: Weights;
    if (base.kind === 'model') {
      weights = await transformStoredModel(ctx, base.layers, resolved.mergeAdapter);
      if (base.inheritsTemplate) template = { source: 'inherited' };
    } else {
      weights = await weightLayers(ctx, base.files, {
        hasTemplate: Boolean(req.template),
        mergeAdapter: resolved.mergeAdapter,
      });
      if (weights.autodetectedTemplate)
        template = { source: 'autodetected', name: weights.autodetectedTemplate };
    }
    pending.push(...weights.layers);
    if (req.adapter && !weights.adapterMerged)
      pending.push(await adapterLayer(ctx, req.adapter, baseDir, weights.modelPath));
    const fromFiles = base.kind === 'files' ? base.files.map((f) => f.path) : [];
    pending.push(...(await draftLayers(ctx, req.drafts, baseDir, fromFiles)));
    checkTextLayers(req);
    // Every check passed: from here on the build writes blobs.
    let layers = await storeLayers(pending);
    pending = [];
    const baseConfig = base.kind === 'model' ? base.config : undefined;
    const { config, params } = await buildConfig(ctx, layers, req, baseConfig);
    const text = await textLayers(ctx, layers, req, params);
    layers = text.layers;
    if (text.templateFromModelfile) template = { source: 'modelfile' };
    const written = await writeManifestStage(ctx, { name, previous, lock }, config, layers);
    ctx.emit({ type: 'status', code: 'BUILD_S_SUCCESS', message: 'success' });
    return {
      name: displayShortest(name),
      fullName: displayFull(name),
      manifestDigest: written.digest,
      manifestPath: written.path,
      config: written.configLayer,
      layers,
      template,
      warnings: ctx.warnings,
      bytesCopied: ctx.bytesCopied,
      bytesLinked: ctx.bytesLinked,
    };
  } catch (err) {
    // Only blobs this build created, and only those no manifest references (checked under
    // the store lock; deferred to `mfc prune` while another build holds a lock).
    if (ctx.created.size > 0)
      await ctx.store.deleteUnreferenced(ctx.created, lock).catch(() => undefined);
    throw err;
  }
}
