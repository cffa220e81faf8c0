import rule from '../../src/rules/MF002.js';
import { ruleTester } from '../rule-tester.js';

ruleTester(rule, {
  valid: ['FROM llama3.2\n', 'PARAMETER temperature 0.5\nfrom llama3.2\n'],
  invalid: [
    {
      code: 'PARAMETER temperature 0.5\n',
      errors: [
        {
          message: 'no FROM line: the Modelfile must name its base model or weights with FROM',
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 1,
          hint: 'add a line such as `FROM llama3.2` or `FROM ./model.gguf`',
        },
      ],
    },
  ],
});
