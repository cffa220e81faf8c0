import { describe, expect, it } from 'vitest';
import {
  InternalError,
  LineIndex,
  MfcError,
  REPORT_BUGS,
  UsageError,
  catalogueError,
  codeFrame,
  renderDiagnostic,
  type ErrorCatalogue,
} from '../src/index.js';

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

describe('error catalogues and internal errors', () => {
  const catalogue = {
    DEMO_TRUNCATED: { summary: 'the file ends early', hint: 'download it again' },
    DEMO_BAD: { summary: 'a bad value' },
  } as const satisfies ErrorCatalogue<'DEMO_TRUNCATED' | 'DEMO_BAD'>;

  it("uses the catalogue's hint unless the thrower gives one", () => {
    expect(catalogueError(catalogue, 'DEMO_TRUNCATED', 'ends at 5').hint).toBe('download it again');
    expect(catalogueError(catalogue, 'DEMO_TRUNCATED', 'x', { hint: 'own' }).hint).toBe('own');
    const e = catalogueError(catalogue, 'DEMO_BAD', 'bad', { location: { file: 'f' } });
    expect(e).toMatchObject({
      code: 'DEMO_BAD',
      hint: undefined,
      kind: 'job',
      location: { file: 'f' },
    });
  });

  it('keeps bugs apart from job failures, with a please-report hint', () => {
    const e = new InternalError('stage order broken');
    expect(e).toBeInstanceOf(MfcError);
    expect(e).toMatchObject({ code: 'INTERNAL', kind: 'internal', hint: REPORT_BUGS });
    expect(REPORT_BUGS).toMatch(/please report/);
  });
});
