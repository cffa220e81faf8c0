import rule from '../../src/rules/MF004.js';
import { ruleTester } from '../rule-tester.js';

ruleTester(rule, {
  valid: [
    'FROM m\nPARAMETER temperature 0.7\nPARAMETER num_ctx -1\nPARAMETER use_mmap True\nPARAMETER top_p 1e-3\n',
    'FROM m\nPARAMETER stop anything at all\n',
  ],
  invalid: [
    {
      code: 'FROM m\nPARAMETER num_ctx 4096.0\nPARAMETER temperature hot\nPARAMETER use_mmap yes\n',
      errors: [
        {
          message: 'invalid int value [4096.0]',
          line: 2,
          column: 19,
          endLine: 2,
          endColumn: 25,
          hint: 'num_ctx takes a whole number such as 4096',
        },
        { message: 'invalid float value [hot]', line: 3, column: 23, endLine: 3, endColumn: 26 },
        {
          message: 'invalid bool value [yes]',
          line: 4,
          column: 20,
          endLine: 4,
          endColumn: 23,
          hint: 'use_mmap takes true or false',
        },
      ],
    },
    {
      name: 'quoted value is converted without its quotes',
      code: 'FROM m\nPARAMETER top_k "40 "\n',
      errors: [
        { message: 'invalid int value [40 ]', line: 2, column: 17, endLine: 2, endColumn: 22 },
      ],
    },
    {
      name: 'nan parses but cannot be sent',
      code: 'FROM m\nPARAMETER temperature NaN\n',
      errors: [
        {
          message:
            'temperature is NaN: Ollama parses it but then fails to send the request (json: unsupported value)',
          line: 2,
          column: 23,
          endLine: 2,
          endColumn: 26,
        },
      ],
    },
  ],
});
