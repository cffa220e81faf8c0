import { describe, expect, it } from 'vitest';
import { parseModelfile } from '../src/index.js';

/** Error recovery: commands that fail to parse survive in `ast.broken` for editors. */
describe('broken commands', () => {
  const broken = (text: string) =>
    parseModelfile(text).ast.broken.map((b) => ({
      keyword: b.keyword.text,
      instruction: b.instruction,
      sub: b.sub?.text,
      value: b.value?.text,
      error: b.error,
    }));

  it('keeps a keyword with nothing after it at the end of the file', () => {
    expect(broken('FROM x\nPARAMETER')).toEqual([
      {
        keyword: 'PARAMETER',
        instruction: 'parameter',
        sub: undefined,
        value: undefined,
        error: 'MODELFILE_UNEXPECTED_EOF',
      },
    ]);
  });

  it('keeps a half-written parameter name and a keyword followed by a line break', () => {
    expect(broken('FROM x\nPARAMETER temp\nSYSTEM\n')).toEqual([
      {
        keyword: 'PARAMETER',
        instruction: 'parameter',
        sub: 'temp',
        value: undefined,
        error: 'MODELFILE_INVALID_NAME',
      },
      {
        keyword: 'SYSTEM',
        instruction: 'system',
        sub: undefined,
        value: undefined,
        error: 'MODELFILE_INVALID_COMMAND',
      },
    ]);
  });

  it('keeps a misspelt keyword with its value and a bad role with its content', () => {
    expect(broken('FORM llama3\nMESSAGE User hi there\n')).toEqual([
      {
        keyword: 'FORM',
        instruction: undefined,
        sub: undefined,
        value: 'llama3',
        error: 'MODELFILE_INVALID_COMMAND',
      },
      {
        keyword: 'MESSAGE',
        instruction: 'message',
        sub: 'User',
        value: 'hi there',
        error: 'MODELFILE_INVALID_ROLE',
      },
    ]);
  });

  it('keeps an unclosed TEMPLATE value up to the end of the file, with its range', () => {
    const text = 'FROM x\nTEMPLATE """{{ .Sys\n';
    const [b] = parseModelfile(text).ast.broken;
    expect(b.instruction).toBe('template');
    expect(b.value?.text).toBe('"""{{ .Sys\n');
    expect(b.value?.range.start).toEqual({ line: 2, column: 10, offset: 16 });
    expect(b.range.end.offset).toBe(text.length);
    expect(b.error).toBe('MODELFILE_UNTERMINATED_QUOTE');
  });

  it('leaves valid files without broken commands', () => {
    expect(parseModelfile('FROM x\nPARAMETER temperature 0.5\n').ast.broken).toEqual([]);
  });
});
