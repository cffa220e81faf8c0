/**
 * `mfc pull hf.co/USER/REPO[:QUANT]` into the store, as `ollama pull` does it:
 * the GGUF for the quantization (and a projector) fetched into the shared
 * Hugging Face cache, then an Ollama model named `hf.co/USER/REPO:QUANT`
 * (`:latest` without a quantization) built from it by the builder — as if
 * from a Modelfile `FROM <cached gguf>` with the repo-root `template`,
 * `system`, `params` (JSON of Modelfile parameters) and license files as
 * TEMPLATE, SYSTEM, PARAMETER and LICENSE. Without a `template` file the
 * builder picks one for the GGUF's chat template, as for any GGUF.
 *
 * The store's model blob is a hard link to the cache's blob file (no second
 * copy); across file systems it is copied and the result says why. The
 * builder hashes the linked inode, so the blob's name is its true digest.
 */
import { readFile, stat } from 'node:fs/promises';
import {
  buildModel,
  buildRequestFromCommands,
  type BuildEvent,
  type BuildEventSink,
  type BuildOptions,
} from '@mfc/builder';

import {
  pullFromHub,
  type FileProgress,
  type HfReference,
  type HubSettings,
  type PullResult,
} from '@mfc/hf';
import { MediaType, displayShortest, openStore, parseModelName, type Layer } from '@mfc/store';
import { appsError } from './error-codes.js';

type Command = NonNullable<BuildOptions['commands']>[number];

export interface HfStorePullOptions {
  /** The models folder (`--models` / `OLLAMA_MODELS`). */
  modelsDir: string;
  settings: HubSettings;
  /** Only resolve and list what would be fetched; nothing is written. */
  dryRun?: boolean;
  onProgress?: (p: FileProgress) => void;
  /** The build's events (hashing progress, status, warnings). */
  onEvent?: BuildEventSink;
  signal?: AbortSignal;
}

/** How the model's weights got into the store. */
export type ModelStorage =
  /** A hard link to the Hugging Face cache's blob: one copy on disk. */
  | 'hardlink'
  /** A separate copy (another file system, or the store had the blob already as its own file). */
  | 'copy'
  /** A split set merged into one new GGUF (there is no single file to link). */
  | 'merged';

export interface HfStoredModel {
  /** `DisplayShortest`, e.g. `hf.co/acme/tiny:Q4_K_M`. */
  name: string;
  fullName: string;
  manifestDigest: string;
  manifestPath: string;
  layers: Layer[];
  /** Where the TEMPLATE came from: the repo's `template` file, the GGUF's chat template, or none. */
  template: { source: 'repo' | 'autodetected' | 'none'; name?: string };
  /** Which repo-root files became layers. */
  fromRepo: { template: boolean; system: boolean; params: boolean; license: boolean };
  storage: ModelStorage;
  /** Why the model blob is a copy, when `storage` is `copy`. */
  copyReason?: string;
  /** The model blob in the store. */
  blobPath: string;
  /** The Hugging Face cache's blob the model came from. */
  cachePath: string;
}

export interface HfStorePullResult extends PullResult {
  /** The name Ollama gives the model: `hf.co/USER/REPO:QUANT`, or `:latest`. */
  modelName: string;
  /** GGUF repos (not with dryRun): the model written to the store. */
  model?: HfStoredModel;
  /** Safetensors repos: what to run to build the fetched folder into a model. */
  buildHint?: string;
  /** The repo's params a Modelfile cannot hold (skipped), and the build's warnings. */
  warnings: string[];
}

/** The store name Ollama gives a pulled `hf.co/…` reference (the quantization as written, else `latest`). */
export function hfModelName(ref: Pick<HfReference, 'repo' | 'tag'>): string {
  return `hf.co/${ref.repo}:${ref.tag ?? 'latest'}`;
}

/** Turns a repo's `params` JSON into PARAMETER commands; what a Modelfile rejects is skipped with a warning. */
function paramCommands(text: string, warn: (m: string) => void): Command[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    warn(`the repo's params file is not JSON (${(err as Error).message}); ignored`);
    return [];
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    warn("the repo's params file is not a JSON object; ignored");
    return [];
  }
  const out: Command[] = [];
  for (const [key, value] of Object.entries(parsed as Record<string, unknown>)) {
    const values = Array.isArray(value) ? value : [value];
    const cmds = values.map((v) => ({
      name: key,
      args: typeof v === 'string' ? v : JSON.stringify(v),
    }));
    try {
      // The builder's own conversion, on a throwaway request: what it rejects here it would reject in the build.
      const probe = buildRequestFromCommands([{ name: 'model', args: 'probe' }, ...cmds]);
      if (probe.warnings.length > 0) {
        const why = probe.warnings.map((w) => w.message.replace(/^warning: /, '')).join('; ');
        warn(`params: ${key}: ${why}; ignored`);
        continue;
      }
      out.push(...cmds);
    } catch (err) {
      warn(`params: ${key} ${JSON.stringify(value)}: ${(err as Error).message}; ignored`);
    }
  }
  return out;
}

async function readText(path: string): Promise<string> {
  return readFile(path, 'utf8');
}

/**
 * Pulls a GGUF repo's quantization into the store as an Ollama model (see the
 * module comment). A safetensors repo is only fetched into the cache, as
 * before: building it is a conversion the user starts with `mfc build`.
 */
export async function pullHfToStore(
  ref: Pick<HfReference, 'repo' | 'quant' | 'revision' | 'tag'>,
  options: HfStorePullOptions,
): Promise<HfStorePullResult> {
  const modelName = hfModelName(ref);
  const parsedName = (() => {
    try {
      return parseModelName(modelName);
    } catch (err) {
      throw appsError(
        'HF_BAD_MODEL_NAME',
        `hf.co/${ref.repo} cannot be stored under Ollama's name for it (${modelName}): ${(err as Error).message}`,
        {
          hint: 'download the GGUF with --dry-run to see it, then build it FROM its path under a name of your own',
          cause: err,
        },
      );
    }
  })();
  const pull = await pullFromHub(ref, {
    settings: options.settings,
    dryRun: options.dryRun,
    onProgress: options.onProgress,
    signal: options.signal,
  });
  const warnings: string[] = [];
  const result: HfStorePullResult = { ...pull, modelName, warnings };
  if (pull.kind === 'safetensors') {
    result.buildHint = `write a Modelfile with "FROM ${pull.snapshotDir}" (or "FROM hf.co/${ref.repo}") and run mfc build NAME: the weights are converted to GGUF then (add -q Q4_K_M to quantize)`;
    return result;
  }
  if (options.dryRun) return result;
  if (pull.offline && pull.files.some((f) => !f.cached)) {
    throw appsError(
      'HF_OFFLINE',
      `the Hub cannot be reached and the cache lacks files of hf.co/${ref.repo}: ${pull.files
        .filter((f) => !f.cached)
        .map((f) => f.path)
        .join(', ')}`,
      { hint: 'run the pull again with network access' },
    );
  }

  const modelFiles = pull.files.filter((f) => pull.modelParts?.includes(f.localPath));
  const split = modelFiles.length > 1;
  const modelFile = modelFiles[0];
  const projector = pull.files.find((f) => f.localPath === pull.projectorPath);
  // A single file is taken from its blob (a regular file: a hard link to a snapshot path would link the symlink).
  // A split set goes by its snapshot names, which the shard merge needs to find the other parts.
  const modelSource = split ? modelFile.localPath : modelFile.blobPath;
  const commands: Command[] = [{ name: 'model', args: modelSource }];
  if (projector) commands.push({ name: 'model', args: projector.blobPath });
  const extras = pull.extras ?? {};
  const warn = (
    m: string,
    code: 'BUILD_W_HF_PARAMS' | 'BUILD_W_HF_CACHE_CHANGED' = 'BUILD_W_HF_PARAMS',
  ) => {
    warnings.push(m);
    options.onEvent?.({ type: 'warning', code, message: m });
  };
  if (extras.template)
    commands.push({ name: 'template', args: await readText(extras.template.blobPath) });
  if (extras.system)
    commands.push({ name: 'system', args: await readText(extras.system.blobPath) });
  if (extras.params) commands.push(...paramCommands(await readText(extras.params.blobPath), warn));
  if (extras.license)
    commands.push({ name: 'license', args: await readText(extras.license.blobPath) });

  let linkWarning: string | undefined;
  const onEvent = (e: BuildEvent) => {
    // The builder words a failed link for `mfc build --link`; the pull reports it its own way.
    if (e.type === 'warning' && e.code === 'BUILD_W_LINK_FALLBACK') {
      linkWarning = e.message.slice('--link: '.length).replace(/; copied .*$/, '');
      return;
    }
    if (e.type === 'warning') warnings.push(e.message);
    options.onEvent?.(e);
  };
  const built = await buildModel({
    modelsDir: options.modelsDir,
    name: displayShortest(parsedName),
    commands,
    link: true,
    lint: false,
    onEvent,
  });

  const store = await openStore(options.modelsDir);
  const modelLayer = built.layers.find((l) => l.mediaType === MediaType.model)!;
  const blobPath = store.blobs.path(modelLayer.digest as `sha256:${string}`);
  let storage: ModelStorage = 'merged';
  let copyReason: string | undefined;
  if (!split) {
    const [a, b] = await Promise.all([stat(blobPath), stat(modelFile.blobPath)]);
    if (a.dev === b.dev && a.ino === b.ino) storage = 'hardlink';
    else {
      storage = 'copy';
      copyReason =
        a.dev !== b.dev
          ? 'the Hugging Face cache and the models folder are on different file systems'
          : (linkWarning ?? 'the store already held this blob as a file of its own');
    }
    if (modelFile.sha256 && modelLayer.digest !== `sha256:${modelFile.sha256}`)
      warn(
        `the cached ${modelFile.path} hashes to ${modelLayer.digest}, not its LFS id sha256:${modelFile.sha256}: the Hugging Face cache was changed after the download`,
        'BUILD_W_HF_CACHE_CHANGED',
      );
  }
  result.model = {
    name: built.name,
    fullName: built.fullName,
    manifestDigest: built.manifestDigest,
    manifestPath: built.manifestPath,
    layers: built.layers,
    template: extras.template
      ? { source: 'repo' }
      : built.template.source === 'autodetected'
        ? { source: 'autodetected', name: built.template.name }
        : { source: 'none' },
    fromRepo: {
      template: Boolean(extras.template),
      system: Boolean(extras.system),
      params: Boolean(extras.params),
      license: Boolean(extras.license),
    },
    storage,
    ...(copyReason ? { copyReason } : {}),
    blobPath,
    cachePath: split ? modelFile.localPath : modelFile.blobPath,
  };
  return result;
}
