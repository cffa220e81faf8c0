import { mkdir, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { MfcError, type Location } from '@mfc/diagnostics';
import { openGguf, parseShardName, type GgufFile } from '@mfc/gguf';
import { mergeSplitGguf } from './merge-split.js';
import { lintModelfile, type LintResult } from '@mfc/lint';
import { parseModelfile, type OllamaCommand } from '@mfc/modelfile';
import {
  MediaType,
  decodeConfig,
  displayFull,
  displayShortest,
  encodeConfig,
  encodeGoJson,
  openStore,
  parseModelName,
  type Digest,
  type IngestResult,
  type Layer,
  type ModelConfig,
  type Store,
} from '@mfc/store';
import { convertToGguf } from './convert-source.js';
import type { BuildEvent, BuildEventSink } from './events.js';
import { expandPath } from './expand-path.js';
import {
  architectureOf,
  classifyGguf,
  fileTypeLabel,
  mediaTypeOfKind,
  openGgufInput,
} from './gguf-layer.js';
import { mergeParams } from './params.js';
import { buildRequestFromCommands, type BuildRequest } from './request.js';
import { resolveBaseSource } from './sources.js';
import { autodetectTemplate, checkTemplate } from './template.js';
import { transformModelGguf, type ModelTransformOptions } from './transforms.js';
import { prepareAdapterForBuild } from '@mfc/llama-cpp';

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
  warnings: string[];
  /** Bytes written to new blobs by copying, and bytes hard-linked. */
  bytesCopied: number;
  bytesLinked: number;
}

/** Lint errors stop the build; the report travels with the error. */
export class BuildLintError extends MfcError {
  constructor(readonly lint: LintResult) {
    super(
      'BUILD_LINT_FAILED',
      `the Modelfile has ${lint.errorCount} lint error${lint.errorCount === 1 ? '' : 's'}`,
      {
        location: { file: lint.file },
        hint: "fix them (see 'mfc lint') and build again",
      },
    );
    this.name = 'BuildLintError';
  }
}

interface Ctx {
  store: Store;
  emit: (e: BuildEvent) => void;
  warnings: string[];
  options: BuildOptions;
  workDir?: string;
  created: Set<Digest>;
  bytesCopied: number;
  bytesLinked: number;
  /** Opened GGUF headers by blob digest (for the config). */
  ggufs: Map<Digest, GgufFile>;
  warn(message: string): void;
  /** With --merge-adapters: the ADAPTER to merge into the model (resolved path). */
  mergeAdapter?: { path: string; location: Location; merged?: boolean };
}

async function readModelfile(
  options: BuildOptions,
): Promise<{ text: string | Uint8Array; file: string }> {
  const file = resolve(options.modelfile ?? 'Modelfile');
  if (options.text !== undefined) return { text: options.text, file };
  try {
    return { text: await readFile(file), file };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      throw new MfcError('BUILD_NO_MODELFILE', 'Modelfile not found', {
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
): Promise<{ req: BuildRequest; baseDir: string }> {
  if (options.commands) {
    const baseDir = resolve(options.baseDir ?? process.cwd());
    return {
      req: buildRequestFromCommands(options.commands, { file: options.modelfile }),
      baseDir,
    };
  }
  const { text, file } = await readModelfile(options);
  const parsed = parseModelfile(text, { file });
  const first = parsed.errors[0];
  if (first) {
    throw new MfcError(first.code, first.message, {
      hint: first.hint,
      location: { file, range: first.range },
    });
  }
  if (options.lint !== false) {
    emit({ type: 'status', message: 'linting the Modelfile' });
    const lint = await lintModelfile(text, { file });
    if (lint.errorCount > 0) throw new BuildLintError(lint);
  }
  const ranges =
    parsed.ast.commands.length === parsed.commands.length
      ? parsed.ast.commands.map((c) => c.range)
      : undefined;
  return {
    req: buildRequestFromCommands(parsed.commands, { file, ranges }),
    baseDir: dirname(file),
  };
}

function noteIngest(
  ctx: Ctx,
  r: IngestResult | { digest: Digest; size: number; action: 'existing' | 'copied' },
  mediaType: string,
  file?: string,
) {
  if (r.action !== 'existing') ctx.created.add(r.digest);
  if (r.action === 'copied') ctx.bytesCopied += r.size;
  if (r.action === 'linked') ctx.bytesLinked += r.size;
  const action = r.action === 'copied' ? 'created' : r.action;
  ctx.emit({
    type: 'layer',
    mediaType,
    digest: r.digest,
    size: r.size,
    action,
    ...(file ? { file } : {}),
  });
  if ('linkFallback' in r && r.linkFallback)
    ctx.warn(`--link: ${r.linkFallback}; copied ${file ?? r.digest} instead`);
}

async function ingestGguf(
  ctx: Ctx,
  path: string,
  gguf: GgufFile,
  mediaType: string,
): Promise<Layer> {
  ctx.emit({ type: 'status', message: `${ctx.options.link ? 'linking' : 'copying'} ${path}` });
  const r = await ctx.store.blobs.ingestFile(path, {
    link: ctx.options.link,
    onProgress: (p) =>
      ctx.emit({ type: 'progress', phase: p.phase, file: path, done: p.done, total: p.total }),
  });
  noteIngest(ctx, r, mediaType, path);
  ctx.ggufs.set(r.digest, gguf);
  return { mediaType, digest: r.digest, size: r.size };
}

/** Moves a GGUF mfc wrote itself (merged shards, quantized output) into the store. */
async function adoptGguf(
  ctx: Ctx,
  path: string,
  gguf: GgufFile,
  mediaType: string,
): Promise<Layer> {
  const r = await ctx.store.blobs.adoptFile(path, (p) =>
    ctx.emit({
      type: 'progress',
      phase: p.phase,
      file: path,
      label: basename(path),
      done: p.done,
      total: p.total,
    }),
  );
  noteIngest(ctx, r, mediaType, path);
  ctx.ggufs.set(r.digest, gguf);
  return { mediaType, digest: r.digest, size: r.size };
}

async function workDir(ctx: Ctx): Promise<string> {
  await mkdir(ctx.store.layout.tmpDir, { recursive: true });
  if (!ctx.workDir)
    ctx.workDir = await mkdtemp(join(ctx.store.layout.tmpDir, `${process.pid}-work-`));
  return ctx.workDir;
}

/** Base layers from GGUF files: model/projector/adapter by metadata, then an autodetected template. */
async function layersFromFiles(
  ctx: Ctx,
  files: { path: string; location: Location }[],
  req: BuildRequest,
): Promise<{ layers: Layer[]; template?: string }> {
  const layers: Layer[] = [];
  let templateName: string | undefined;
  const opened: {
    path: string;
    gguf: GgufFile;
    kind: ReturnType<typeof classifyGguf>;
    owned: boolean;
  }[] = [];
  const mergedSets = new Set<string>();
  for (const f of files) {
    let path = f.path;
    let gguf = await openGgufInput(path, f.location);
    const splitCount = gguf.get('split.count');
    if (typeof splitCount === 'number' && splitCount > 1) {
      // One layer per set: the shards merged into one GGUF (Ollama merges them too).
      const shard = parseShardName(path);
      const setKey = shard ? shard.prefix : path;
      if (mergedSets.has(setKey)) continue;
      mergedSets.add(setKey);
      const out = join(await workDir(ctx), `merged-${mergedSets.size}.gguf`);
      ctx.emit({ type: 'status', message: `merging the ${splitCount} shards of ${path}` });
      await mergeSplitGguf(path, out, (done, total) =>
        ctx.emit({
          type: 'progress',
          phase: 'copying',
          file: out,
          label: `${basename(path)} (merging shards)`,
          done,
          total,
        }),
      );
      path = out;
      gguf = await openGguf(out);
    }
    opened.push({ path, gguf, kind: classifyGguf(gguf), owned: path !== f.path });
  }
  for (const o of opened) {
    let { path, gguf, owned } = o;
    const merge = o.kind === 'model' ? ctx.mergeAdapter : undefined;
    if (o.kind === 'model' && (ctx.options.quantize || merge)) {
      // --merge-adapters: the adapter (a PEFT folder is converted) is checked against this model.
      const adapters = merge
        ? [
            (
              await prepareAdapterForBuild({
                source: merge.path,
                base: path,
                workDir: await workDir(ctx),
                location: merge.location,
              })
            ).path,
          ]
        : undefined;
      if (merge) merge.merged = true;
      const out = await transformModelGguf(
        {
          path,
          gguf,
          workDir: await workDir(ctx),
          onStatus: (message) => ctx.emit({ type: 'status', message }),
          onWarning: (message) => ctx.warn(message),
          onTensor: (done, total) =>
            ctx.emit({
              type: 'progress',
              phase: 'quantizing',
              file: path,
              done,
              total,
              unit: 'tensors',
            }),
          adapters,
        },
        ctx.options,
      );
      if (out) {
        path = out;
        gguf = await openGguf(out);
        owned = true;
      }
    }
    layers.push(
      owned
        ? await adoptGguf(ctx, path, gguf, mediaTypeOfKind[o.kind])
        : await ingestGguf(ctx, path, gguf, mediaTypeOfKind[o.kind]),
    );
  }
  // Ollama adds a template (and its stop words) for each GGUF with a chat template when TEMPLATE is absent.
  if (!req.template) {
    for (const o of opened) {
      const jinja = o.gguf.get('tokenizer.chat_template');
      if (typeof jinja !== 'string' || !jinja) continue;
      const found = await autodetectTemplate(jinja, o.gguf, (m) => ctx.warn(m));
      if (!found) continue;
      templateName = found.name;
      ctx.emit({ type: 'status', message: `using autodetected template ${found.name}` });
      const t = await ctx.store.blobs.writeBytes(found.template);
      noteIngest(ctx, t, MediaType.template);
      layers.push({ mediaType: MediaType.template, digest: t.digest, size: t.size });
      if (found.stop && found.stop.length > 0) {
        const p = await ctx.store.blobs.writeBytes(encodeGoJson(new Map([['stop', found.stop]])));
        noteIngest(ctx, p, MediaType.params);
        layers.push({ mediaType: MediaType.params, digest: p.digest, size: p.size });
      }
    }
  }
  return { layers, template: templateName };
}

const removeLayers = (layers: Layer[], mediaType: string) =>
  layers.filter((l) => l.mediaType !== mediaType);

/** The config blob: metadata from the model layers, renderer/parser/requires from the request or the base. */
async function makeConfig(
  ctx: Ctx,
  layers: Layer[],
  req: BuildRequest,
  base: ModelConfig | undefined,
): Promise<ModelConfig> {
  const modelLayers = layers.filter((l) => l.mediaType === MediaType.model);
  const ggufOf = async (l: Layer) => {
    let g = ctx.ggufs.get(l.digest);
    if (!g) {
      g = await openGguf(ctx.store.blobs.path(l.digest));
      ctx.ggufs.set(l.digest, g);
    }
    return g;
  };
  const config: ModelConfig = {
    model_format: base?.model_format || '',
    model_family: '',
    model_families: null,
    model_type: '',
    file_type: '',
    renderer: req.renderer || base?.renderer,
    parser: req.parser || base?.parser,
    requires: req.requires || base?.requires,
    capabilities: base?.capabilities,
  };
  for (const l of modelLayers) {
    const g = await ggufOf(l);
    const arch = architectureOf(g);
    config.model_format ||= 'gguf';
    config.model_family ||= arch;
    config.model_type ||= g.parameterSize;
    config.file_type ||= fileTypeLabel(g);
    config.model_families = [...(config.model_families ?? []), arch];
    // Architecture defaults, applied only while renderer or parser is still empty.
    if (!config.renderer || !config.parser) {
      const defaults: Record<string, string> = {
        gemma4: 'gemma4',
        laguna: 'laguna',
        nemotron_h: 'nemotron-3-nano',
        nemotron_h_moe: 'nemotron-3-nano',
        nemotron_h_omni: 'nemotron-3-nano',
      };
      const d = defaults[arch];
      if (d) {
        config.renderer ||= d;
        config.parser ||= d;
        if (arch === 'gemma4' && !req.params.has('stop')) req.params.set('stop', ['<turn|>']);
      }
    }
  }
  const draft = layers.find((l) => l.mediaType === MediaType.draft);
  if (draft)
    config.draft = { model_format: 'gguf', architecture: architectureOf(await ggufOf(draft)) };
  return config;
}

/**
 * Compiles a Modelfile into a model in the store, the way `ollama create`
 * lays it out (§3 of the reference), storing GGUF files verbatim.
 */
export async function buildModel(options: BuildOptions): Promise<BuildResult> {
  const warnings: string[] = [];
  const emit = (e: BuildEvent) => options.onEvent?.(e);
  const { req, baseDir } = await loadRequest(options, emit);
  for (const w of req.warnings) {
    warnings.push(w);
    emit({ type: 'warning', message: w });
  }
  const store = await openStore(options.modelsDir);
  const name = await store.spellingFor(parseModelName(options.name));
  const ctx: Ctx = {
    store,
    emit,
    warnings,
    options,
    created: new Set(),
    bytesCopied: 0,
    bytesLinked: 0,
    ggufs: new Map(),
    warn(message: string) {
      warnings.push(message);
      emit({ type: 'warning', message });
    },
  };
  return store.withNameLock(
    name,
    `building ${displayShortest(name)}`,
    async (lock) => {
      try {
        return await buildLocked(ctx, req, baseDir, name, lock);
      } finally {
        if (ctx.workDir) await rm(ctx.workDir, { recursive: true, force: true });
      }
    },
    {
      timeoutMs: options.lockTimeoutMs,
      onWait: (owner) =>
        emit({
          type: 'status',
          message: `waiting for another build of ${displayShortest(name)}${owner ? ` (pid ${owner.pid})` : ''}`,
        }),
    },
  );
}

async function buildLocked(
  ctx: Ctx,
  req: BuildRequest,
  baseDir: string,
  name: ReturnType<typeof parseModelName>,
  lock: Parameters<Parameters<Store['withNameLock']>[2]>[0],
): Promise<BuildResult> {
  const { store, emit } = ctx;
  const previous = await store.load(name).catch(() => undefined);
  let layers: Layer[] = [];
  let baseConfig: ModelConfig | undefined;
  let templateInfo: BuildResult['template'] = { source: 'none' };
  const fromFiles: string[] = [];

  const base = await resolveBaseSource(req, baseDir);
  if (ctx.options.quantize && base.kind === 'model') {
    throw new MfcError(
      'BUILD_NOT_SUPPORTED',
      `--quantize applies to model files; FROM ${base.ref} names a model in the store`,
      {
        location: base.location,
        hint: 'build FROM the GGUF file, or run `mfc quantize` on it first',
      },
    );
  }
  if (ctx.options.mergeAdapters) {
    if (!req.adapter) ctx.warn('--merge-adapters: the Modelfile has no ADAPTER to merge');
    else if (base.kind === 'model') {
      throw new MfcError(
        'BUILD_MERGE_NEEDS_FILE',
        '--merge-adapters needs FROM to name a GGUF file (or folder), not a model in the store',
        { location: req.adapter.location },
      );
    } else {
      const path = expandPath(req.adapter.text, baseDir, req.adapter.location);
      ctx.mergeAdapter = { path, location: req.adapter.location };
    }
  }
  if (base.kind === 'model') {
    const model = await store.find(base.ref).catch((err) => {
      if (err instanceof MfcError && err.code === 'STORE_MODEL_NOT_FOUND') {
        throw new MfcError(
          'BUILD_BASE_NOT_FOUND',
          `FROM ${base.ref}: no such file, and no model of that name in ${store.root}`,
          {
            location: base.location,
            hint: 'mfc does not download models: pull it with ollama first, or point FROM at a GGUF file',
          },
        );
      }
      throw err;
    });
    emit({ type: 'status', message: `using base model ${model.shortName}` });
    for (const l of model.manifest.layers) {
      layers.push({ ...l, from: model.shortName });
      emit({
        type: 'layer',
        mediaType: l.mediaType,
        digest: l.digest,
        size: l.size,
        action: 'inherited',
      });
    }
    baseConfig = decodeConfig(
      await store.readBlobText(model.manifest.config.digest),
      store.blobs.path(model.manifest.config.digest),
    );
    if (layers.some((l) => l.mediaType === MediaType.template))
      templateInfo = { source: 'inherited' };
  } else {
    let files = base.kind === 'gguf' ? base.files : [];
    if (base.kind === 'safetensors' || base.kind === 'hf') {
      const converted = await convertToGguf({
        kind: base.kind,
        source: base.kind === 'hf' ? base.ref : base.dir,
        role: 'model',
        location: base.location,
        workDir: await workDir(ctx),
        emit: ctx.emit,
      });
      for (const w of converted.warnings) ctx.warn(w);
      files = converted.files.map((path) => ({ path, location: base.location }));
    }
    fromFiles.push(...files.map((f) => f.path));
    const r = await layersFromFiles(ctx, files, req);
    layers.push(...r.layers);
    if (r.template) templateInfo = { source: 'autodetected', name: r.template };
  }

  if (req.adapter && !ctx.mergeAdapter?.merged) {
    const a = req.adapter;
    const path = expandPath(a.text, baseDir, a.location);
    const st = await stat(path).catch(() => undefined);
    if (!st) {
      throw new MfcError('BUILD_ADAPTER_NOT_FOUND', `ADAPTER ${a.text}: no such file`, {
        location: { ...a.location, file: path },
      });
    }
    let adapterPath = path;
    // The base model the adapter must fit (@mfc/llama-cpp converts PEFT adapters and checks GGUF ones).
    const modelLayer = layers.find((l) => l.mediaType === MediaType.model);
    const baseModel = modelLayer ? store.blobs.path(modelLayer.digest) : undefined;
    if (st.isDirectory() || path.endsWith('.safetensors')) {
      if (!baseModel) {
        throw new MfcError(
          'BUILD_ADAPTER_NO_BASE',
          `ADAPTER ${a.text}: there is no model to apply it to`,
          {
            location: a.location,
          },
        );
      }
      const prepared = await prepareAdapterForBuild({
        source: path,
        base: baseModel,
        workDir: await workDir(ctx),
        location: a.location,
      });
      adapterPath = prepared.path;
    }
    const gguf = await openGgufInput(adapterPath, a.location);
    const kind = classifyGguf(gguf);
    if (kind === 'adapter' && baseModel && adapterPath === path) {
      await prepareAdapterForBuild({
        source: path,
        base: baseModel,
        workDir: await workDir(ctx),
        location: a.location,
      });
    }
    if (kind !== 'adapter')
      ctx.warn(
        `ADAPTER ${a.text} has no general.type=adapter; Ollama stores it as a ${kind} layer, and so does mfc`,
      );
    layers.push(await ingestGguf(ctx, adapterPath, gguf, mediaTypeOfKind[kind]));
  }

  for (const d of req.drafts) {
    const path = expandPath(d.text, baseDir, d.location);
    if (fromFiles.includes(path)) {
      throw new MfcError(
        'BUILD_DRAFT_SAME_AS_FROM',
        `DRAFT must not reference the same local path as FROM: ${path}`,
        { location: d.location },
      );
    }
    const gguf = await openGgufInput(path, d.location);
    layers.push(await ingestGguf(ctx, path, gguf, MediaType.draft));
  }

  const config = await makeConfig(ctx, layers, req, baseConfig);

  if (req.template) {
    checkTemplate(req.template, req.templateLocation);
    layers = removeLayers(layers, MediaType.template);
    const t = await store.blobs.writeBytes(req.template);
    noteIngest(ctx, t, MediaType.template);
    layers.push({ mediaType: MediaType.template, digest: t.digest, size: t.size });
    templateInfo = { source: 'modelfile' };
  }
  if (req.system) {
    layers = removeLayers(layers, MediaType.system);
    const s = await store.blobs.writeBytes(req.system);
    noteIngest(ctx, s, MediaType.system);
    layers.push({ mediaType: MediaType.system, digest: s.digest, size: s.size });
  }
  for (const license of req.licenses) {
    const l = await store.blobs.writeBytes(license);
    noteIngest(ctx, l, MediaType.license);
    layers.push({ mediaType: MediaType.license, digest: l.digest, size: l.size });
  }
  const existingParams: string[] = [];
  for (const l of layers.filter((x) => x.mediaType === MediaType.params))
    existingParams.push(await store.readBlobText(l.digest));
  const paramsText = mergeParams(req.params, existingParams);
  if (paramsText !== undefined) {
    layers = removeLayers(layers, MediaType.params);
    const p = await store.blobs.writeBytes(paramsText);
    noteIngest(ctx, p, MediaType.params);
    layers.push({ mediaType: MediaType.params, digest: p.digest, size: p.size });
  }
  if (req.messages.length > 0) {
    layers = removeLayers(layers, MediaType.messages);
    const m = await store.blobs.writeBytes(
      encodeGoJson(req.messages.map((x) => ({ role: x.role, content: x.content }))),
    );
    noteIngest(ctx, m, MediaType.messages);
    layers.push({ mediaType: MediaType.messages, digest: m.digest, size: m.size });
  }

  const c = await store.blobs.writeBytes(encodeConfig(config));
  if (c.action !== 'existing') ctx.created.add(c.digest);
  const configLayer: Layer = { mediaType: MediaType.config, digest: c.digest, size: c.size };
  emit({ type: 'status', message: 'writing manifest' });
  const written = await store.writeManifest(name, configLayer, layers);

  // Blobs this build made but dropped, and the previous manifest's blobs, go when nothing references them.
  if (!ctx.options.noPrune) {
    const used = new Set([configLayer.digest, ...layers.map((l) => l.digest)]);
    const candidates = [...ctx.created].filter((d) => !used.has(d));
    if (previous)
      candidates.push(
        previous.manifest.config.digest,
        ...previous.manifest.layers.map((l) => l.digest),
      );
    if (candidates.length > 0) await store.deleteUnreferenced(candidates, lock);
  }
  emit({ type: 'status', message: 'success' });
  return {
    name: displayShortest(name),
    fullName: displayFull(name),
    manifestDigest: written.digest,
    manifestPath: written.path,
    config: configLayer,
    layers,
    template: templateInfo,
    warnings: ctx.warnings,
    bytesCopied: ctx.bytesCopied,
    bytesLinked: ctx.bytesLinked,
  };
}
