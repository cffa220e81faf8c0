import {
  formatLocation,
  formatRelated,
  type ErrorCatalogue,
  type Location,
} from '@mfc/diagnostics';
import type { LintResult } from '@mfc/lint';

/**
 * What a build says it is doing, by code (the message is for people; `--json`
 * consumers match on the code). `BuildStatusCode` is the typed union.
 */
export const buildStatuses = {
  BUILD_S_LINTING: { summary: 'linting the Modelfile' },
  BUILD_S_WAITING_FOR_LOCK: { summary: 'waiting for another build of the same name' },
  BUILD_S_BASE_MODEL: { summary: 'FROM names a model in the store; its layers are inherited' },
  BUILD_S_COPYING: { summary: 'copying a file into the store' },
  BUILD_S_LINKING: { summary: 'hard-linking a file into the store (--link)' },
  BUILD_S_MERGING_SHARDS: { summary: 'merging the shards of a split GGUF' },
  BUILD_S_CONVERTING: { summary: 'converting a safetensors FROM folder to GGUF (once per build)' },
  BUILD_S_BUILDING_TAG: { summary: 'a multi-quantization build starting one of its tags' },
  BUILD_S_TRANSFORMING: { summary: 'merging adapters into or quantizing the model' },
  BUILD_S_TEMPLATE_AUTODETECTED: { summary: "a template chosen for the GGUF's chat template" },
  BUILD_S_WRITING_MANIFEST: { summary: 'writing the manifest' },
  BUILD_S_SUCCESS: { summary: 'the model is built' },
} as const satisfies ErrorCatalogue<string>;

export type BuildStatusCode = keyof typeof buildStatuses;

/**
 * What a build warns about and goes on: each warning has a code (lint's code
 * where the linter has the same finding), a message, and where it applies.
 */
export const buildWarnings = {
  BUILD_W_LINK_FALLBACK: { summary: '--link could not hard-link a file, so it was copied' },
  BUILD_W_NOTHING_TO_MERGE: { summary: '--merge-adapters without an ADAPTER' },
  BUILD_W_NOT_AN_ADAPTER: {
    summary: 'an ADAPTER GGUF without general.type=adapter, stored as a model or projector',
  },
  BUILD_W_NO_TEMPLATE_MATCH: {
    summary: "the GGUF's chat template matches none of mfc's templates",
    hint: 'add a TEMPLATE to the Modelfile',
  },
  BUILD_W_CONVERSION: { summary: 'what converting the FROM source noticed and went on with' },
  BUILD_W_QUANTIZE: { summary: 'what llama-quantize warned about' },
  BUILD_W_HF_PARAMS: {
    summary: "a hf.co repo's params file, or a key of it, that a Modelfile cannot hold (ignored)",
  },
  BUILD_W_HF_CACHE_CHANGED: {
    summary: "a Hugging Face cache file whose bytes no longer match the repo's LFS id",
  },
  MF005: {
    summary: "a deprecated PARAMETER (lint's MF005; the build reports it when lint did not run)",
  },
} as const satisfies ErrorCatalogue<string>;

export type BuildWarningCode = keyof typeof buildWarnings;

/** A build warning: a coded diagnostic with the place it applies to, when there is one. */
export interface BuildWarning {
  code: BuildWarningCode;
  message: string;
  hint?: string;
  location?: Location;
}

/**
 * A warning as one line for `BuildResult.warnings`, like the linter's:
 * `file:line:column: message (related) [code]`, or `message [code]` when it has no place.
 */
export function formatBuildWarning(w: BuildWarning): string {
  const where = w.location && (w.location.file || w.location.range) ? w.location : undefined;
  return `${where ? `${formatLocation(where)}: ` : ''}${w.message}${where ? formatRelated(where) : ''} [${w.code}]`;
}

/** What a build reports while it runs (the CLI turns these into progress lines or `--json` events). */
export type BuildEvent =
  | { type: 'status'; code: BuildStatusCode; message: string }
  | ({ type: 'warning' } & BuildWarning)
  /** The linter's warnings and notes, once, before the build goes on (errors stop it). */
  | { type: 'lint'; result: LintResult }
  | {
      type: 'progress';
      /**
       * `hashing` (reading only, e.g. `--link`), `copying` (hash while copying),
       * `downloading` (a `hf.co/…` file), `converting` (safetensors → GGUF) or
       * `quantizing` (llama-quantize, counted in tensors).
       */
      phase: 'hashing' | 'copying' | 'downloading' | 'converting' | 'quantizing';
      /** The file being read, fetched or written (for downloads: its path in the repo). */
      file: string;
      /** What to call it on screen when `file` means little to the user (a file mfc wrote in its work folder). */
      label?: string;
      done: number;
      total: number;
      /** What `done` and `total` count (default `bytes`). */
      unit?: 'bytes' | 'tensors';
    }
  | {
      type: 'layer';
      mediaType: string;
      digest: string;
      size: number;
      /** `created`: new blob; `existing`: already in the store; `linked`: hard link; `inherited`: from the base model. */
      action: 'created' | 'existing' | 'linked' | 'inherited';
      file?: string;
    };

export type BuildEventSink = (event: BuildEvent) => void;
