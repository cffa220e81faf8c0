import { describe, expect, it } from 'vitest';
import { LineIndex, MfcError, UsageError, codeFrame, renderDiagnostic } from '../src/index.js';

describe('LineIndex', () => {
  it('counts CRLF, CR and LF as one line break each', () => {
    const index = new LineIndex('a\r\nbb\rc\nd');
    expect(index.lineCount).toBe(4);
    expect(index.positionAt(3)).toEqual({ line: 2, column: 1, offset: 3 });
    expect(index.positionAt(6)).toEqual({ line: 3, column: 1, offset: 6 });
    expect(index.positionAt(8)).toEqual({ line: 4, column: 1, offset: 8 });
    expect(index.lineText(2)).toBe('bb');
  });

  it('clamps offsets past the end', () => {
    const index = new LineIndex('ab');
    expect(index.positionAt(99)).toEqual({ line: 1, column: 3, offset: 2 });
  });
});

describe('codeFrame', () => {
  it('points at the range with carets and numbered context lines', () => {
    const src = 'FROM x\nPARAMETER temperature hot\nSYSTEM hi';
    const index = new LineIndex(src);
    const frame = codeFrame(index, index.rangeOf(29, 32));
    expect(frame).toBe(
      [
        '  1 | FROM x',
        '> 2 | PARAMETER temperature hot',
        '    |                       ^^^',
        '  3 | SYSTEM hi',
      ].join('\n'),
    );
  });
});

describe('MfcError', () => {
  it('carries a code, a location and a hint into a diagnostic', () => {
    const err = new MfcError('GGUF_TRUNCATED', 'file ends inside the header', {
      location: { file: 'm.gguf', byteOffset: 24 },
      hint: 'the download may be incomplete',
    });
    expect(err.kind).toBe('job');
    const text = renderDiagnostic(err.toDiagnostic());
    expect(text).toBe(
      'm.gguf at byte 24: error file ends inside the header [GGUF_TRUNCATED]\nhint: the download may be incomplete',
    );
    expect(new UsageError('bad flag').kind).toBe('usage');
  });
});
