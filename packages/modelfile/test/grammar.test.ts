import { describe, expect, it } from 'vitest';
import { ModelfileParser } from '../src/grammar.js';
import { modelfileLexer } from '../src/lexer.js';

// The shared parser skips Chevrotain's grammar validations to start fast (mfc lint's
// start-up budget); this test runs them, so a grammar change that introduces an
// ambiguity or left recursion still fails here.
describe('Modelfile grammar', () => {
  it("passes Chevrotain's grammar validations", () => {
    // performSelfAnalysis throws "Parser Definition Errors detected" when one fails.
    expect(() => new ModelfileParser(true)).not.toThrow();
  });

  it('parses the same with and without validations', () => {
    const text = 'FROM llama3.2\nPARAMETER stop "<|im_end|>"\nMESSAGE user hi\n# done\n';
    const lines = (validate: boolean) => {
      const parser = new ModelfileParser(validate);
      parser.input = modelfileLexer.tokenize(text).tokens;
      const result = parser.modelfile();
      expect(parser.errors).toEqual([]);
      return result;
    };
    const validated = lines(true);
    expect(validated).toHaveLength(4);
    expect(lines(false)).toEqual(validated);
  });
});
