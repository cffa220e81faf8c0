import type { Range } from './position.js';

export type Severity = 'error' | 'warning' | 'info';

/** Where a problem is: a file (or URL), and inside it a text range or a byte offset. */
export interface Location {
  file?: string;
  range?: Range;
  /** For binary files: the byte offset the problem was found at. */
  byteOffset?: number;
}

/** A finding about an input, with a stable code such as `GGUF_TRUNCATED` or `MF003`. */
export interface Diagnostic extends Location {
  code: string;
  severity: Severity;
  message: string;
  hint?: string;
}

/**
 * The error type every mfc package throws for a problem with its input or its
 * job. `code` is stable and machine-readable; `message` is one clear line.
 * The CLI maps it to exit code 1 (2 for `usage` errors) without a stack trace.
 */
export class MfcError extends Error {
  readonly code: string;
  readonly hint?: string;
  readonly location: Location;
  readonly kind: 'job' | 'usage';

  constructor(
    code: string,
    message: string,
    options: { hint?: string; location?: Location; cause?: unknown; kind?: 'job' | 'usage' } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'MfcError';
    this.code = code;
    this.hint = options.hint;
    this.location = options.location ?? {};
    this.kind = options.kind ?? 'job';
  }

  toDiagnostic(): Diagnostic {
    return {
      code: this.code,
      severity: 'error',
      message: this.message,
      hint: this.hint,
      ...this.location,
    };
  }
}

/** A usage error: bad flags or arguments. The CLI exits with code 2. */
export class UsageError extends MfcError {
  constructor(message: string, hint?: string) {
    super('USAGE', message, { hint, kind: 'usage' });
    this.name = 'UsageError';
  }
}

export function isMfcError(value: unknown): value is MfcError {
  return value instanceof MfcError;
}
