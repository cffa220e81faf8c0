// Any input gives a result or one of our typed errors, never a crash.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { executeTrees, GoExecError, parseTemplate, TemplateParseError } from '@mfc/gotemplate';
import { renderChat } from '../src/index.js';

const fragments = [
  '{{',
  '}}',
  '{{-',
  '-}}',
  ' ',
  '\n',
  '.x',
  '.xs',
  '.m.a',
  '$',
  '$v',
  ':=',
  '=',
  '|',
  '(',
  ')',
  'if',
  'else',
  'end',
  'range',
  'with',
  'define',
  'template',
  'block',
  'break',
  'continue',
  '"s"',
  '`r`',
  '1',
  '2.5',
  "'c'",
  'nil',
  'true',
  'len',
  'index',
  'slice',
  'printf',
  '"%d"',
  'eq',
  'lt',
  'and',
  'json',
  '/*',
  '*/',
  'é',
  '.Prompt',
  '.Response',
  '.Messages',
  '.Role',
  '.Content',
  '.Tools',
];

describe('robustness', () => {
  it('parses and runs random template soups without crashing', () => {
    const data = { x: 's', xs: [1, 'a', null], m: { a: { b: 1 } } };
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...fragments), { maxLength: 16 }), (parts) => {
        const text = parts.join('');
        let t;
        try {
          t = parseTemplate(text);
        } catch (e) {
          expect(e).toBeInstanceOf(TemplateParseError);
          expect((e as TemplateParseError).goMessage).toMatch(/^template: /);
          return;
        }
        try {
          expect(typeof executeTrees(t.trees, t.name, data)).toBe('string');
        } catch (e) {
          expect(e).toBeInstanceOf(GoExecError);
        }
        const r = renderChat(t, {
          messages: [
            { role: 'user', content: 'hi' },
            { role: 'assistant', content: 'yo' },
          ],
        });
        expect(typeof r.output).toBe('string');
      }),
      { numRuns: 400, seed: 42 },
    );
  });
});
