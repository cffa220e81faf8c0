import rule from '../../src/rules/MF005.js';
import { ruleTester } from '../rule-tester.js';

ruleTester(rule, {
  valid: ['FROM m\nPARAMETER temperature 0.7\n', 'FROM m\nPARAMETER tfs_z 1\n'],
  invalid: [
    {
      code: 'FROM m\nPARAMETER mirostat 2\nPARAMETER penalize_newline true\n',
      output: 'FROM m\n',
      errors: [
        {
          message: 'parameter mirostat is deprecated: Ollama ignores it',
          line: 2,
          column: 11,
          endLine: 2,
          endColumn: 19,
          hint: 'delete the line; it has no effect',
        },
        {
          message: 'parameter penalize_newline is deprecated: Ollama ignores it',
          line: 3,
          column: 11,
          endLine: 3,
          endColumn: 27,
        },
      ],
    },
  ],
});
