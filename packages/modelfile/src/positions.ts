/**
 * Offset → position mapping for the AST builder. Nodes are built in source
 * order, so most lookups are a short step forward from the previous one: those
 * are computed by scanning the few characters in between (CRLF, CR and LF
 * each one line break, exactly as `LineIndex`); other lookups use the
 * `LineIndex` binary search. This keeps a 1 MB file's ~100k lookups cheap.
 */
import type { LineIndex, Position, Range } from '@mfc/diagnostics';

const MAX_STEP = 512;

export class Positions {
  private last: Position = { line: 1, column: 1, offset: 0 };

  constructor(
    readonly index: LineIndex,
    private readonly text: string = index.text,
  ) {}

  at(offset: number): Position {
    const last = this.last;
    if (offset === last.offset) return last;
    if (offset < last.offset || offset - last.offset > MAX_STEP || offset > this.text.length) {
      this.last = this.index.positionAt(offset);
      return this.last;
    }
    let { line, column } = last;
    const text = this.text;
    for (let i = last.offset; i < offset; i++) {
      const c = text.charCodeAt(i);
      if (c === 13) {
        // CRLF is one break: the LF then belongs to the break; landing between them stays on the CR's line end
        if (text.charCodeAt(i + 1) === 10) {
          if (i + 1 === offset) {
            column++;
            break;
          }
          i++;
        }
        line++;
        column = 1;
      } else if (c === 10) {
        line++;
        column = 1;
      } else {
        column++;
      }
    }
    this.last = { line, column, offset };
    return this.last;
  }

  rangeOf(start: number, end: number): Range {
    return { start: this.at(start), end: this.at(end) };
  }
}

/** Anything that maps offsets to ranges (`LineIndex` or `Positions`). */
export interface RangeMapper {
  rangeOf(start: number, end: number): Range;
}
