/** What a build reports while it runs (the CLI turns these into progress lines or `--json` events). */
export type BuildEvent =
  | { type: 'status'; message: string }
  | { type: 'warning'; message: string }
  | {
      type: 'progress';
      /** `hashing` (reading only, e.g. `--link`) or `copying` (hash while copying). */
      phase: 'hashing' | 'copying';
      file: string;
      done: number;
      total: number;
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
