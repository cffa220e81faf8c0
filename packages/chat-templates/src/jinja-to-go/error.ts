/** The error a construct with no faithful Go equivalent raises (JINJA_NOT_TRANSLATABLE). */
import { MfcError, type Range } from '@mfc/diagnostics';

export class JinjaToGoError extends MfcError {
  constructor(
    readonly construct: string,
    why: string,
    range?: Range,
  ) {
    const at = range ? ` (line ${range.start.line}, column ${range.start.column})` : '';
    super('JINJA_NOT_TRANSLATABLE', `cannot translate ${construct}${at} to Go: ${why}`, {
      hint: 'write the Go template by hand and check it with `mfc template compare`',
      ...(range ? { location: { range } } : {}),
    });
    this.name = 'JinjaToGoError';
  }
}
