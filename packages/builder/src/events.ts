import type { LintResult } from '@mfc/lint';

/** What a build reports while it runs (the CLI turns these into progress lines or `--json` events). */
export type BuildEvent =
  | { type: 'status'; message: string }
  | { type: 'warning'; message: string }
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
