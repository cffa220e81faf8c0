import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeModelfile,
  format,
  lineEnding,
  ollamaString,
  parseModelfile,
  parseModelfileOrThrow,
  type ParseResult,
} from '../src/index.js';
import { ollamaParse } from './ollama-oracle.js';

/** What Ollama would answer for this parse result: its commands, or its first error's text. */
function asOllama(result: ParseResult) {
  return result.errors.length > 0
    ? { error: result.errors[0].ollamaMessage }
    : { commands: result.commands };
}

/** Random Modelfile-like text, biased towards the constructs with surprising rules. */
const pieces = [
  'FROM',
  'from',
  'PARAMETER',
  'MESSAGE',
  'SYSTEM',
  'TEMPLATE',
  'LICENSE',
  'BAD',
  'user',
  'system',
  'Role',
  'top_k',
  'a',
  'b c',
  ' ',
  '  ',
  '\t',
  '"',
  '""',
  '"""',
  '\n',
  '\r\n',
  '\r',
  '#',
  '# c',
  '\u200d',
  '\u00a0',
  '\u0007',
  'é',
  '👋',
  '{{ .Prompt }}',
  '-',
  '1',
];
const modelfileText = fc
  .array(fc.constantFrom(...pieces), { maxLength: 40 })
  .map((p) => p.join(''));
const lineBased = fc
  .array(
    fc.tuple(
      fc.constantFrom(
        'FROM',
        'PARAMETER stop',
        'PARAMETER top_k',
        'MESSAGE user',
        'SYSTEM',
        'TEMPLATE',
        '# note',
        'from',
        'ADAPTER',
      ),
      fc.constantFrom(' ', '\t', '  '),
      fc.array(
        fc.constantFrom(
          'x',
          'y z',
          '"',
          '"""',
          ' ',
          '\t',
          '\n',
          '\r\n',
          '#',
          '\u200d',
          '{{ .System }}',
        ),
        { maxLength: 8 },
      ),
      fc.constantFrom('\n', '\r\n', '\n\n'),
    ),
    { maxLength: 8 },
  )
  .map((lines) => lines.map(([k, s, v, e]) => k + s + v.join('') + e).join(''));

describe('parser agrees with a transcription of Ollama’s state machine', () => {
  it('on random piece soups', () => {
    fc.assert(
      fc.property(modelfileText, (text) => {
        expect(asOllama(parseModelfile(text))).toEqual(ollamaParse(text));
      }),
      { numRuns: 1500 },
    );
  });
  it('on random bytes (any encoding, BOMs, invalid UTF-8), without ever throwing', () => {
    const bom = fc.constantFrom([], [0xef, 0xbb, 0xbf], [0xff, 0xfe], [0xfe, 0xff]);
    const bytes = fc
      .tuple(bom, fc.uint8Array({ maxLength: 120 }), modelfileText)
      .map(([b, junk, text]) => new Uint8Array([...b, ...Buffer.from(text), ...junk]));
    fc.assert(
      fc.property(bytes, (input) => {
        expect(asOllama(parseModelfile(input))).toEqual(ollamaParse(decodeModelfile(input).text));
      }),
      { numRuns: 800 },
    );
  });

  it('on random line-shaped files', () => {
    fc.assert(
      fc.property(lineBased, (text) => {
        expect(asOllama(parseModelfile(text))).toEqual(ollamaParse(text));
      }),
      { numRuns: 1000 },
    );
  });
});

describe('formatter', () => {
  it('is idempotent and round-trip safe on every file that parses', () => {
    fc.assert(
      fc.property(fc.oneof(modelfileText, lineBased), (text) => {
        const result = parseModelfile(text);
        fc.pre(result.errors.every((e) => e.code === 'MODELFILE_NO_FROM'));
        const formatted = format(result);
        const again = parseModelfile(formatted);
        expect(again.errors.filter((e) => e.code !== 'MODELFILE_NO_FROM')).toEqual([]);
        expect(again.commands).toEqual(result.commands);
        expect(format(again)).toBe(formatted);
      }),
      { numRuns: 1500 },
    );
  });

  it('writes exactly Ollama’s Modelfile.String() wherever that reads back the same', () => {
    let compared = 0;
    fc.assert(
      fc.property(lineBased, (text) => {
        const result = parseModelfile(text);
        fc.pre(result.errors.every((e) => e.code === 'MODELFILE_NO_FROM'));
        for (const command of result.ast.commands) {
          const ollama = ollamaString([{ name: command.name, args: command.args }]);
          const back = parseModelfile(ollama).commands;
          if (command.value.value === '' || back.length !== 1 || back[0].args !== command.args)
            continue;
          // Ollama writes LF; mfc ends the line in the file's style (CRLF stays CRLF).
          const eol = lineEnding({ ...result, ast: { ...result.ast, body: [command] } });
          expect(format({ ...result, ast: { ...result.ast, body: [command] } })).toBe(
            ollama.replace(/\n$/, eol),
          );
          compared++;
        }
      }),
      { numRuns: 500 },
    );
    expect(compared).toBeGreaterThan(100);
  });

  it('writes Ollama’s Modelfile.String() layout, keeping comments and blank-line groups', () => {
    const text =
      '# base model\nfrom   llama3  \n\n\n  # sampling\nparameter temperature 0.7\nParameter stop "### User: "\nsystem """\nBe "brief".\n"""\nMESSAGE user hi\n';
    expect(format(parseModelfile(text))).toBe(
      '# base model\nFROM llama3\n\n# sampling\nPARAMETER temperature 0.7\nPARAMETER stop "### User: "\nSYSTEM """\nBe "brief".\n"""\nMESSAGE user hi\n',
    );
  });

  it('fixes what Ollama’s own output would break', () => {
    const cases: [string, string][] = [
      ['FROM "  spaced"\n', 'FROM "  spaced"\n'], // Ollama writes `FROM   spaced`, which loses the spaces
      ['FROM ""quoted""\n', 'FROM ""quoted""\n'], // Ollama writes `FROM "quoted"`, which unquotes
      ['SYSTEM ""\n', 'SYSTEM ""\n'], // empty value: `""`, not Ollama's trailing blank
      ['SYSTEM "\tindented"\n', 'SYSTEM "\tindented"\n'], // edge tab: Ollama would not quote it
    ];
    for (const [input, expected] of cases) expect(format(parseModelfile(input))).toBe(expected);
  });

  it('keeps a CRLF file CRLF, and turns CR line ends into LF, without inventing blank lines', () => {
    expect(format(parseModelfile('FROM x\r\nSYSTEM y\r\n\r\n# c\rPARAMETER top_k 1\r'))).toBe(
      'FROM x\r\nSYSTEM y\r\n\r\n# c\r\nPARAMETER top_k 1\r\n',
    );
    expect(format(parseModelfile('FROM x\rSYSTEM y\r\r# c\rPARAMETER top_k 1\r'))).toBe(
      'FROM x\nSYSTEM y\n\n# c\nPARAMETER top_k 1\n',
    );
  });

  it('writes no mixed line ends for a CRLF file with multi-line values', () => {
    // Ollama stores the value's CRLFs as they are, so they stay; the line ends follow them.
    const text = '# c\r\nfrom x\r\nSYSTEM """a\r\nb"""\r\nTEMPLATE """\r\n{{ .Prompt }}\r\n"""\r\n';
    const result = parseModelfile(text);
    const formatted = format(result);
    expect(formatted).toBe(
      '# c\r\nFROM x\r\nSYSTEM "a\r\nb"\r\nTEMPLATE "\r\n{{ .Prompt }}\r\n"\r\n',
    );
    expect(formatted.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    expect(parseModelfile(formatted).commands).toEqual(result.commands);
    expect(format(parseModelfile(formatted))).toBe(formatted);
    // An LF file stays LF.
    expect(format(parseModelfile('FROM x\nSYSTEM """a\nb"""\n'))).toBe('FROM x\nSYSTEM "a\nb"\n');
  });

  it('refuses files with syntax errors', () => {
    expect(() => format(parseModelfile('FROM x\nBAD y\n'))).toThrow(
      /cannot format a Modelfile with syntax errors/,
    );
  });
});

/** Every Position object reachable from a value. */
function positionsIn(value: unknown, out: { line: number; column: number; offset: number }[] = []) {
  if (value && typeof value === 'object') {
    if ('line' in value && 'column' in value && 'offset' in value)
      out.push(value as (typeof out)[number]);
    else for (const v of Object.values(value)) positionsIn(v, out);
  }
  return out;
}

describe('syntax tree', () => {
  it('has positions that agree with LineIndex everywhere (random files, CR/LF/CRLF mixes)', () => {
    fc.assert(
      fc.property(fc.oneof(modelfileText, lineBased), (text) => {
        const result = parseModelfile(text);
        for (const p of positionsIn([result.ast, result.errors]))
          expect(p).toEqual(result.source.positionAt(p.offset));
      }),
      { numRuns: 500 },
    );
  });

  it('has ranges for commands, keywords, names, roles, values and quotes (CRLF counted once)', () => {
    const r = parseModelfile(
      '# hi\r\nfrom  llama3 \r\nPARAMETER stop "a b"\r\nMESSAGE user """x\r\ny"""\r\n',
    );
    const [comment] = r.ast.comments;
    expect(comment).toMatchObject({
      text: ' hi',
      range: { start: { line: 1, column: 1 }, end: { line: 1, column: 5 } },
    });
    const [from, param, message] = r.ast.commands;
    expect(from).toMatchObject({
      instruction: 'from',
      name: 'model',
      args: 'llama3',
      keyword: { text: 'from' },
    });
    expect(from.value.range).toMatchObject({
      start: { line: 2, column: 7 },
      end: { line: 2, column: 13 },
    });
    expect(param.instruction === 'parameter' && param.parameter).toMatchObject({
      text: 'stop',
      range: { start: { line: 3, column: 11 } },
    });
    expect(param.value).toMatchObject({ quote: 'double', raw: '"a b"', value: 'a b' });
    expect(param.value.openQuote).toMatchObject({
      start: { line: 3, column: 16 },
      end: { line: 3, column: 17 },
    });
    expect(param.value.closeQuote).toMatchObject({
      start: { line: 3, column: 20 },
      end: { line: 3, column: 21 },
    });
    expect(param.value.contentRange).toMatchObject({ start: { column: 17 }, end: { column: 20 } });
    expect(message.instruction === 'message' && message.role).toMatchObject({
      text: 'user',
      role: 'user',
    });
    expect(message).toMatchObject({
      args: 'user: x\r\ny',
      range: { start: { line: 4, column: 1 }, end: { line: 5, column: 5 } },
    });
    expect(message.value.closeQuote).toMatchObject({ start: { line: 5, column: 2 } });
    expect(r.ast.body.map((n) => n.type)).toEqual(['Comment', 'Command', 'Command', 'Command']);
  });

  it('lists the characters Ollama drops silently, with their positions', () => {
    const r = parseModelfile('FROM x\nSYSTEM a\u200db\u00a0c\n');
    const system = r.ast.commands[1];
    expect(system.value.value).toBe('abc');
    expect(system.value.raw).toBe('a\u200db\u00a0c');
    expect(system.value.dropped.map((d) => [d.codePoint, d.range.start.column])).toEqual([
      [0x200d, 9],
      [0xa0, 11],
    ]);
  });

  it('decodes UTF-16 with a BOM and reports the encoding', () => {
    const text = 'FROM bob\nSYSTEM hé\n';
    const le = new Uint8Array([0xff, 0xfe, ...Buffer.from(text, 'utf16le')]);
    const r = parseModelfile(le);
    expect(r.ast).toMatchObject({ encoding: 'utf-16le', bom: true });
    expect(r.commands).toEqual([
      { name: 'model', args: 'bob' },
      { name: 'system', args: 'hé' },
    ]);
  });

  it('parseModelfileOrThrow throws the first error as an MfcError with its position', () => {
    expect(() => parseModelfileOrThrow('FROM x\nSYSTEM "open\n', { file: 'M' })).toThrow(
      expect.objectContaining({
        code: 'MODELFILE_UNTERMINATED_QUOTE',
        message: 'unexpected EOF',
        location: expect.objectContaining({ file: 'M' }),
      }),
    );
    expect(parseModelfileOrThrow('FROM x').commands).toEqual([{ name: 'model', args: 'x' }]);
  });

  it('suggests the instruction that was meant', () => {
    const r = parseModelfile('FORM x\nPARAMTER top_k 1\n');
    expect(r.errors.map((e) => e.hint)).toEqual([
      expect.stringContaining('did you mean `FROM`'),
      expect.stringContaining('did you mean `PARAMETER`'),
      expect.stringContaining('FROM'),
    ]);
  });
});

describe('decoding', () => {
  it('replaces each invalid UTF-8 byte with one U+FFFD, as golang.org/x/text does', () => {
    // E2 82 is a truncated 3-byte sequence: Go gives two U+FFFD (the WHATWG decoder one).
    const bytes = new Uint8Array([
      ...Buffer.from('FROM a'),
      0xe2,
      0x82,
      ...Buffer.from('b\nSYSTEM '),
      0xc0,
      0xaf,
      ...Buffer.from('é'),
    ]);
    expect(parseModelfile(bytes).commands).toEqual([
      { name: 'model', args: 'a\ufffd\ufffdb' },
      { name: 'system', args: '\ufffd\ufffdé' },
    ]);
  });
});
