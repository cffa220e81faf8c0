import { describe, expect, it } from 'vitest';
import {
  InternalError,
  LineIndex,
  MfcError,
  REPORT_BUGS,
  UsageError,
  atCommand,
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

  it("uses the catalogue's kind unless the thrower gives one", () => {
    const c = {
      DEMO_FLAG: { summary: 'a bad flag value', kind: 'usage' },
      DEMO_JOB: { summary: 'a failed job' },
    } as const satisfies ErrorCatalogue<'DEMO_FLAG' | 'DEMO_JOB'>;
    expect(catalogueError(c, 'DEMO_FLAG', 'bad').kind).toBe('usage');
    expect(catalogueError(c, 'DEMO_JOB', 'failed').kind).toBe('job');
    expect(catalogueError(c, 'DEMO_JOB', 'bad', { kind: 'usage' }).kind).toBe('usage');
  });

  it('keeps bugs apart from job failures, with a please-report hint', () => {
    const e = new InternalError('stage order broken');
    expect(e).toBeInstanceOf(MfcError);
    expect(e).toMatchObject({ code: 'INTERNAL', kind: 'internal', hint: REPORT_BUGS });
    expect(REPORT_BUGS).toMatch(/please report/);
  });
});

describe('two locations: a Modelfile line and the file it names', () => {
  const line = {
    file: '/p/Modelfile',
    range: { start: { line: 2, column: 1, offset: 14 }, end: { line: 2, column: 18, offset: 31 } },
  };

  it('puts the error at the command and the model file beside it', () => {
    const found = new MfcError('GGUF_BAD_MAGIC', 'the file does not start with "GGUF"', {
      location: { file: '/dev/zero', byteOffset: 0 },
      hint: 'give a GGUF file',
    });
    const e = atCommand(found, line, 'ADAPTER /dev/zero');
    expect(e).toMatchObject({
      code: 'GGUF_BAD_MAGIC',
      message: 'ADAPTER /dev/zero: the file does not start with "GGUF"',
      hint: 'give a GGUF file',
      kind: 'job',
      cause: found,
      location: { ...line, related: [{ file: '/dev/zero', byteOffset: 0 }] },
    });
    // Never the adapter's path with the Modelfile's line.
    expect(e.location.file).toBe('/p/Modelfile');
    expect(renderDiagnostic(e.toDiagnostic())).toBe(
      '/p/Modelfile:2:1: error ADAPTER /dev/zero: the file does not start with "GGUF" (/dev/zero at byte 0) [GGUF_BAD_MAGIC]\nhint: give a GGUF file',
    );
  });

  it('leaves an error that already has a text position alone, and adds no empty related list', () => {
    const placed = new MfcError('MF011', 'file not found', { location: line });
    expect(atCommand(placed, { file: 'other' })).toBe(placed);
    const noFile = atCommand(new MfcError('X_FAILED', 'failed'), line);
    expect(noFile.location).toEqual(line);
  });
});
