import rule from '../../src/rules/MF001.js';
import { ruleTester } from '../rule-tester.js';

const COMMANDS =
  'command must be one of "from", "license", "template", "system", "adapter", "draft", "renderer", "parser", "parameter", "message", or "requires"';

ruleTester(rule, {
  valid: [
    'FROM llama3.2\n',
    'FROM llama3.2\nSYSTEM """\nmulti\nline\n"""\n',
    // `no FROM line` is MF002's finding, not this rule's.
    'PARAMETER temperature 0.5\n',
  ],
  invalid: [
    {
      name: 'unknown instruction',
      code: 'FROM llama3.2\nBADCOMMAND x\n',
      errors: [{ message: COMMANDS, line: 2, column: 1, endLine: 2, endColumn: 11 }],
    },
    {
      name: 'wrong-case message role',
      code: 'FROM llama3.2\nMESSAGE User hello\n',
      output: 'FROM llama3.2\nMESSAGE user hello\n',
      errors: [
        {
          message: 'message role must be one of "system", "user", or "assistant"',
          line: 2,
          column: 9,
          endLine: 2,
          endColumn: 13,
        },
      ],
    },
    {
      name: 'misspelt instructions: the did-you-mean is the fix, in the file’s case',
      code: 'FROM llama3.2\nSYTEM be brief\nparamter temperature 1\n',
      output: 'FROM llama3.2\nSYSTEM be brief\nparameter temperature 1\n',
      errors: [
        { message: COMMANDS, line: 2, column: 1, endLine: 2, endColumn: 6 },
        { message: COMMANDS, line: 3, column: 1, endLine: 3, endColumn: 9 },
      ],
    },
    {
      name: 'every error of the file, not only the first',
      code: 'FROM llama3.2\nFOO a\nBAR b\n',
      errors: [
        { message: COMMANDS, line: 2, column: 1, endLine: 2, endColumn: 4 },
        { message: COMMANDS, line: 3, column: 1, endLine: 3, endColumn: 4 },
      ],
    },
  ],
});
