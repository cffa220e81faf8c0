import rule from '../../src/rules/MF013.js';
import { ruleTester } from '../rule-tester.js';

ruleTester(rule, {
  valid: [
    'FROM m\nSYSTEM Hola, ¿qué tal? 你好👋\n',
    'FROM m\nSYSTEM """\ttabs\n\tand lines\n"""\n',
  ],
  invalid: [
    {
      code: 'FROM m\nSYSTEM a\u200db\nPARAMETER stop x\u00a0y\n',
      output: 'FROM m\nSYSTEM ab\nPARAMETER stop xy\n',
      errors: [
        {
          message: 'Ollama silently drops U+200D ZERO WIDTH JOINER from this SYSTEM value',
          line: 2,
          column: 9,
          endLine: 2,
          endColumn: 10,
          hint: 'delete it; what Ollama stores differs from what you see',
        },
        {
          message: 'Ollama silently drops U+00A0 NO-BREAK SPACE from this PARAMETER value',
          line: 3,
          column: 17,
          endLine: 3,
          endColumn: 18,
          hint: 'replace it with an ordinary space if a space was meant',
        },
      ],
    },
    {
      code: 'FROM m\nTEMPLATE "{{ .Prompt }}\u000b"\n',
      output: 'FROM m\nTEMPLATE "{{ .Prompt }}"\n',
      errors: [
        {
          message: 'Ollama silently drops U+000B LINE TABULATION from this TEMPLATE value',
          line: 2,
          column: 24,
          endLine: 2,
          endColumn: 25,
        },
      ],
    },
  ],
});
