import rule from '../../src/rules/MF007.js';
import { ruleTester } from '../rule-tester.js';

ruleTester(rule, {
  valid: [
    'FROM m\nPARAMETER temperature 0\nPARAMETER top_p 1\nPARAMETER min_p 0.05\nPARAMETER num_predict -1\nPARAMETER repeat_last_n -1\n',
    // Not a number of this type: MF004's finding.
    'FROM m\nPARAMETER temperature cold\n',
  ],
  invalid: [
    {
      code: 'FROM m\nPARAMETER temperature -0.5\nPARAMETER top_p 1.5\nPARAMETER num_ctx 0\n',
      errors: [
        {
          message: 'temperature -0.5 is below 0',
          line: 2,
          column: 23,
          endLine: 2,
          endColumn: 27,
          hint: 'a temperature below 0 has no meaning; 0 is greedy sampling',
        },
        {
          message: 'top_p 1.5 is above 1',
          line: 3,
          column: 17,
          endLine: 3,
          endColumn: 20,
          hint: 'top_p is a probability mass between 0 and 1',
        },
        { message: 'num_ctx 0 is below 1', line: 4, column: 19, endLine: 4, endColumn: 20 },
      ],
    },
  ],
});
