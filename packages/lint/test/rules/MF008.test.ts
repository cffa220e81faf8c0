import rule from '../../src/rules/MF008.js';
import { ruleTester } from '../rule-tester.js';

ruleTester(rule, {
  valid: [
    // stop, LICENSE, MESSAGE and FROM accumulate.
    'FROM a\nFROM b\nPARAMETER stop x\nPARAMETER stop y\nLICENSE one\nLICENSE two\nMESSAGE user a\nMESSAGE user b\n',
    // Parameter names are case-sensitive: these are two different (one unknown) names.
    'FROM m\nPARAMETER temperature 1\nPARAMETER Temperature 1\n',
  ],
  invalid: [
    {
      code: 'FROM m\nSYSTEM one\ntemplate {{ .Prompt }}\nSystem two\nTEMPLATE {{ .Prompt }}!\n',
      errors: [
        {
          message: 'SYSTEM is given again on line 4; Ollama ignores this one and keeps the last',
          line: 2,
          column: 1,
          endLine: 2,
          endColumn: 7,
        },
        {
          message: 'TEMPLATE is given again on line 5; Ollama ignores this one and keeps the last',
          line: 3,
          column: 1,
          endLine: 3,
          endColumn: 9,
        },
      ],
    },
    {
      code: 'FROM m\nADAPTER a.gguf\nPARAMETER num_ctx 2048\nADAPTER b.gguf\nPARAMETER num_ctx 4096\nPARAMETER num_ctx 8192\n',
      errors: [
        {
          message: 'ADAPTER is given again on line 4; Ollama ignores this one and keeps the last',
          line: 2,
          column: 1,
          endLine: 2,
          endColumn: 8,
        },
        {
          message:
            'PARAMETER num_ctx is set again on line 6; Ollama ignores this value and keeps the last',
          line: 3,
          column: 1,
          endLine: 3,
          endColumn: 10,
        },
        {
          message:
            'PARAMETER num_ctx is set again on line 6; Ollama ignores this value and keeps the last',
          line: 5,
          column: 1,
          endLine: 5,
          endColumn: 10,
        },
      ],
    },
    {
      name: 'exact duplicates (the same stored value, however quoted) are removed by the fix',
      code: 'FROM m\nPARAMETER num_ctx 4096\nSYSTEM """be\nbrief"""\nSYSTEM hi\nPARAMETER num_ctx 4096\nSYSTEM "be\nbrief"\n',
      output: 'FROM m\nSYSTEM hi\nPARAMETER num_ctx 4096\nSYSTEM "be\nbrief"\n',
      errors: [
        {
          message:
            'PARAMETER num_ctx is set again on line 6; Ollama ignores this value and keeps the last',
          line: 2,
          column: 1,
          endLine: 2,
          endColumn: 10,
        },
        {
          message: 'SYSTEM is given again on line 7; Ollama ignores this one and keeps the last',
          line: 3,
          column: 1,
          endLine: 3,
          endColumn: 7,
        },
        {
          message: 'SYSTEM is given again on line 7; Ollama ignores this one and keeps the last',
          line: 5,
          column: 1,
          endLine: 5,
          endColumn: 7,
        },
      ],
    },
  ],
});
