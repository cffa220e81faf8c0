import { hfError } from './error-codes.js';
import type { RepoFile } from './hub.js';

/** What to fetch from a repository, decided from its file list alone. */
export type FileSelection =
  | {
      kind: 'gguf';
      quant: string;
      /** The model file(s): one file, or every part of a split set in order. */
      model: RepoFile[];
      /** A multimodal projector (`mmproj*.gguf`), when the repo has one. */
      projector?: RepoFile;
      /**
       * The repo-root files Ollama reads to customise a model pulled from the Hub:
       * `template` (Go template), `system`, `params` (JSON of Modelfile parameters),
       * and a license file.
       */
      extras: ModelExtras;
      files: RepoFile[];
    }
  | { kind: 'safetensors'; files: RepoFile[] };

/** Repo-root files that shape a GGUF repo's Ollama model (hf.co/…: template, system, params, license). */
export interface ModelExtras {
  template?: RepoFile;
  system?: RepoFile;
  params?: RepoFile;
  license?: RepoFile;
}

/** License file names looked for at the repo root, in order. */
const LICENSE_FILES = ['LICENSE', 'LICENSE.md', 'LICENSE.txt', 'LICENCE', 'LICENCE.md', 'license'];

/** Small files only: a "template" of megabytes is not a Go template. */
const EXTRA_MAX_BYTES = 1 << 20;

function modelExtras(files: RepoFile[]): ModelExtras {
  const root = (name: string) => files.find((f) => f.path === name && f.size <= EXTRA_MAX_BYTES);
  const extras: ModelExtras = {};
  const template = root('template');
  const system = root('system');
  const params = root('params');
  const license = LICENSE_FILES.map(root).find((f) => f !== undefined);
  if (template) extras.template = template;
  if (system) extras.system = system;
  if (params) extras.params = params;
  if (license) extras.license = license;
  return extras;
}

/** Preference when no quantization was asked for: Q4_K_M first, then the nearest sensible choices. */
export const QUANT_PREFERENCE = [
  'Q4_K_M',
  'Q4_K_S',
  'Q5_K_M',
  'Q4_0',
  'Q5_K_S',
  'Q5_0',
  'IQ4_XS',
  'IQ4_NL',
  'Q6_K',
  'Q8_0',
  'Q3_K_L',
  'Q3_K_M',
  'Q4_1',
  'Q5_1',
  'Q3_K_S',
  'IQ3_M',
  'IQ3_S',
  'IQ3_XS',
  'IQ3_XXS',
  'Q2_K',
  'Q2_K_S',
  'IQ2_M',
  'IQ2_S',
  'IQ2_XS',
  'IQ2_XXS',
  'IQ1_M',
  'IQ1_S',
  'BF16',
  'F16',
  'F32',
];

const QUANT_IN_NAME =
  /(?:^|[-_.])((?:I?Q[1-8](?:_[A-Z0-9]+)*)|BF16|F16|F32|FP16|FP32)(?=[-_.]|$)/gi;
const SPLIT = /^(.*)-(\d{5})-of-(\d{5})\.gguf$/i;

/** The quantization tag in a GGUF file name (`model.Q4_K_M.gguf` → `Q4_K_M`), if any. */
export function quantOfFileName(path: string): string | undefined {
  const base = path
    .split('/')
    .pop()!
    .replace(/-\d{5}-of-\d{5}(?=\.gguf$)/i, '')
    .replace(/\.gguf$/i, '');
  let found: string | undefined;
  for (const m of base.matchAll(QUANT_IN_NAME)) found = m[1].toUpperCase();
  if (found === 'FP16') return 'F16';
  if (found === 'FP32') return 'F32';
  return found;
}

const isProjector = (f: RepoFile) => /(^|\/)[^/]*mmproj[^/]*\.gguf$/i.test(f.path);

/** Files a safetensors conversion needs besides the weights. */
const SUPPORT_FILES = new Set([
  'config.json',
  'generation_config.json',
  'tokenizer.json',
  'tokenizer.model',
  'tokenizer_config.json',
  'special_tokens_map.json',
  'added_tokens.json',
  'chat_template.jinja',
  'chat_template.json',
  'model.safetensors.index.json',
]);

/**
 * Chooses the files for `quant` (or the best available) in a GGUF repository,
 * or the weights + config + tokenizer files of a safetensors repository.
 */
export function selectFiles(repo: string, files: RepoFile[], quant?: string): FileSelection {
  const ggufs = files.filter((f) => /\.gguf$/i.test(f.path));
  const models = ggufs.filter((f) => !isProjector(f));
  if (models.length > 0) {
    const gguf = selectGguf(repo, models, ggufs.filter(isProjector), quant);
    const extras = modelExtras(files);
    return { ...gguf, extras, files: [...gguf.files, ...Object.values(extras)] };
  }
  const topLevel = files.filter((f) => !f.path.includes('/') && /\.safetensors$/i.test(f.path));
  // Mistral repos carry the same weights twice: transformers shards (model-*.safetensors) and consolidated.safetensors.
  const transformersShards = topLevel.filter((f) =>
    /^model(-\d+-of-\d+)?\.safetensors$/i.test(f.path),
  );
  const weights = transformersShards.length > 0 ? transformersShards : topLevel;
  if (weights.length > 0) {
    if (quant) {
      throw hfError(
        'HF_QUANT_NOT_AVAILABLE',
        `hf.co/${repo} holds safetensors weights, not GGUF files, so ":${quant}" cannot be chosen`,
        {
          hint: `drop ":${quant}" to convert the weights, then quantize with \`mfc build -q ${quant}\``,
        },
      );
    }
    const support = files.filter(
      (f) => SUPPORT_FILES.has(f.path) || /^additional_chat_templates\/[^/]+\.jinja$/.test(f.path),
    );
    return { kind: 'safetensors', files: [...support, ...weights] };
  }
  throw hfError('HF_NO_MODEL_FILES', `hf.co/${repo} has neither GGUF nor safetensors files`, {
    hint: files.length
      ? `it holds: ${files
          .slice(0, 12)
          .map((f) => f.path)
          .join(', ')}`
      : 'the repository is empty',
  });
}

interface Candidate {
  quant: string;
  parts: RepoFile[];
}

function groupCandidates(models: RepoFile[]): Candidate[] {
  const sets = new Map<string, RepoFile[]>();
  const out: Candidate[] = [];
  for (const f of models) {
    const m = SPLIT.exec(f.path);
    if (m) {
      const key = `${m[1]}|${m[3]}`;
      sets.set(key, [...(sets.get(key) ?? []), f]);
    } else {
      out.push({ quant: quantOfFileName(f.path) ?? 'UNKNOWN', parts: [f] });
    }
  }
  for (const parts of sets.values()) {
    parts.sort((a, b) => a.path.localeCompare(b.path));
    out.push({ quant: quantOfFileName(parts[0].path) ?? 'UNKNOWN', parts });
  }
  return out;
}

function selectGguf(
  repo: string,
  models: RepoFile[],
  projectors: RepoFile[],
  quant?: string,
): Omit<Extract<FileSelection, { kind: 'gguf' }>, 'extras'> {
  const candidates = groupCandidates(models);
  const available = [...new Set(candidates.map((c) => c.quant))];
  const list = () =>
    candidates
      .map(
        (c) =>
          `${c.quant} (${c.parts[0].path}${c.parts.length > 1 ? ` +${c.parts.length - 1} parts` : ''})`,
      )
      .join(', ');
  let chosen: Candidate[];
  if (quant && /\.GGUF$/i.test(quant)) {
    // `:<file name>.gguf` names the file (any part of a split set), case-insensitively.
    const want = quant.toUpperCase();
    chosen = candidates.filter((c) =>
      c.parts.some((p) => p.path.split('/').pop()!.toUpperCase() === want),
    );
    if (chosen.length === 0) {
      throw hfError('HF_FILE_NOT_FOUND', `hf.co/${repo} has no GGUF file named ${quant}`, {
        hint: `its GGUF files: ${list()}`,
      });
    }
  } else if (quant) {
    chosen = candidates.filter((c) => c.quant === quant);
    if (chosen.length === 0) {
      throw hfError(
        'HF_QUANT_NOT_AVAILABLE',
        `hf.co/${repo} has no ${quant} GGUF file; available: ${available.join(', ')}`,
        {
          hint: `pick one of them, e.g. hf.co/${repo}:${available[0]}`,
        },
      );
    }
  } else if (candidates.length === 1) {
    chosen = candidates;
  } else {
    const best = QUANT_PREFERENCE.find((q) => candidates.some((c) => c.quant === q));
    chosen = best ? candidates.filter((c) => c.quant === best) : [];
    if (chosen.length === 0) {
      throw hfError(
        'HF_QUANT_AMBIGUOUS',
        `hf.co/${repo} has several GGUF files and none has a known quantization: ${list()}`,
        {
          hint: `name one with :QUANT, e.g. hf.co/${repo}:${available[0]}`,
        },
      );
    }
  }
  if (chosen.length > 1) {
    throw hfError(
      'HF_QUANT_AMBIGUOUS',
      `hf.co/${repo} has ${chosen.length} ${chosen[0].quant} GGUF files: ${chosen.map((c) => c.parts[0].path).join(', ')}`,
      {
        hint: 'download the one you want and build FROM its local path',
      },
    );
  }
  const model = chosen[0].parts;
  const projector =
    projectors.find((p) => /f16/i.test(p.path)) ??
    projectors.find((p) => /bf16|f32/i.test(p.path)) ??
    projectors[0];
  return {
    kind: 'gguf',
    quant: chosen[0].quant,
    model,
    projector,
    files: projector ? [...model, projector] : [...model],
  };
}
