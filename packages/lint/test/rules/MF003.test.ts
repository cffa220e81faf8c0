import rule from '../../src/rules/MF003.js';
import { ruleTester } from '../rule-tester.js';

ruleTester(rule, {
  valid: [
    'FROM m\nPARAMETER temperature 0.7\nPARAMETER stop <|eot_id|>\nPARAMETER num_ctx 4096\n',
    // Removed (MF006) and deprecated (MF005) names are other rules' findings.
    'FROM m\nPARAMETER tfs_z 1\nPARAMETER mirostat 1\n',
  ],
  invalid: [
    {
      name: 'case-sensitive name',
      code: 'FROM m\nPARAMETER Temperature 0.7\n',
      output: 'FROM m\nPARAMETER temperature 0.7\n',
      errors: [
        {
          message: "unknown parameter 'Temperature'; did you mean 'temperature'?",
          line: 2,
          column: 11,
          endLine: 2,
          endColumn: 22,
          hint: 'parameter names are case-sensitive',
        },
      ],
    },
    {
      name: 'typo',
      code: 'FROM m\nPARAMETER temprature 0.7\nPARAMETER num_ctxx 8\n',
      output: 'FROM m\nPARAMETER temperature 0.7\nPARAMETER num_ctx 8\n',
      errors: [
        {
          message: "unknown parameter 'temprature'; did you mean 'temperature'?",
          line: 2,
          column: 11,
          endLine: 2,
          endColumn: 21,
        },
        {
          message: "unknown parameter 'num_ctxx'; did you mean 'num_ctx'?",
          line: 3,
          column: 11,
          endLine: 3,
          endColumn: 19,
        },
      ],
    },
    {
      name: 'nothing close',
      code: 'FROM m\nPARAMETER flash_attention true\n',
      errors: [
        {
          message: "unknown parameter 'flash_attention'",
          line: 2,
          column: 11,
          endLine: 2,
          endColumn: 26,
        },
      ],
    },
  ],
});
