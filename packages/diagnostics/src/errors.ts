import type { Range } from './position.js';

export type Severity = 'error' | 'warning' | 'info';

/**
 * `job`: the input or the job is at fault (exit 1); `usage`: bad flags or
 * arguments (exit 2); `internal`: a bug in mfc (exit 1, "please report").
 */
export type ErrorKind = 'job' | 'usage' | 'internal';

/** Where a problem is: a file (or URL), and inside it a text range or a byte offset. */
export interface Location {
  file?: string;
  range?: Range;
  /** For binary files: the byte offset the problem was found at. */
  byteOffset?: number;
  /**
   * Other places that belong to the problem, e.g. the model file (and byte
   * offset) an `ADAPTER` line names, when the location is the Modelfile line.
   * A Modelfile position and a model file's offset are two locations, never
   * one mixed `file:line:column`.
   */
  related?: RelatedLocation[];
}

/** A second location of a problem, optionally with what was found there. */
export interface RelatedLocation {
  file?: string;
  range?: Range;
  byteOffset?: number;
  message?: string;
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
  readonly kind: ErrorKind;

  constructor(
    code: string,
    message: string,
    options: { hint?: string; location?: Location; cause?: unknown; kind?: ErrorKind } = {},
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

/**
 * An error code's entry in a package's catalogue: what it means, and the hint
 * shown when the place that throws it has none of its own.
 */
export interface ErrorCodeInfo {
  summary: string;
  hint?: string;
  /** `usage` for codes that always mean bad flags or arguments (exit 2); default `job`. */
  kind?: ErrorKind;
}

/** A package's error codes (a typed union: `keyof` the catalogue) with their meaning and default hint. */
export type ErrorCatalogue<Code extends string> = Readonly<Record<Code, ErrorCodeInfo>>;

/** What a catalogued error may add to its code and message. */
export interface CatalogueErrorOptions {
  hint?: string;
  location?: Location;
  cause?: unknown;
  kind?: ErrorKind;
}

/**
 * An MfcError for a catalogued code: the catalogue's hint and kind unless
 * `options` gives its own.
 */
export function catalogueError<Code extends string>(
  catalogue: ErrorCatalogue<Code>,
  code: Code,
  message: string,
  options: CatalogueErrorOptions = {},
): MfcError {
  const info = catalogue[code];
  return new MfcError(code, message, {
    ...options,
    hint: options.hint ?? info.hint,
    kind: options.kind ?? info.kind,
  });
}

/**
 * Re-homes an error found in a file a Modelfile command names (FROM, ADAPTER,
 * DRAFT) at the command: the location becomes the command's (the Modelfile
 * and its line), the file and byte offset where the problem was found become
 * a related location, and `prefix` (e.g. `ADAPTER ./x.gguf`) leads the
 * message. Code, hint and kind are kept; the original error is the cause. An
 * error already placed in a text (it has a range) is returned as it is.
 */
export function atCommand(err: MfcError, command: Location, prefix?: string): MfcError {
  if (err.location.range) return err;
  const { related = [], ...found } = err.location;
  const foundHere = found.file !== undefined && found.file !== command.file;
  const { related: commandRelated = [], ...commandOwn } = command;
  const all = [...(foundHere ? [found] : []), ...related, ...commandRelated];
  return new MfcError(err.code, prefix ? `${prefix}: ${err.message}` : err.message, {
    hint: err.hint,
    kind: err.kind,
    cause: err,
    location: { ...commandOwn, ...(all.length > 0 ? { related: all } : {}) },
  });
}

/** Where users report bugs in mfc (an InternalError's hint names it). */
export const REPORT_BUGS =
  "this is a bug in mfc, not a problem with your input: please report it to mfc's issue tracker with the output of the same command run with --debug";

/**
 * A bug in mfc — a broken invariant, a case that cannot happen — as opposed
 * to a problem with the user's input or job (MfcError). Code `INTERNAL`,
 * kind `internal`: the CLI prints it with a "please report" hint and exits 1.
 */
export class InternalError extends MfcError {
  constructor(message: string, options: { cause?: unknown; location?: Location } = {}) {
    super('INTERNAL', message, { ...options, hint: REPORT_BUGS, kind: 'internal' });
    this.name = 'InternalError';
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
