import rule from '../../src/rules/MF015.js';
import { ruleTester } from '../rule-tester.js';

ruleTester(rule, {
  valid: [
    'FROM m\n# an ordinary comment mentioning mfc-disable in passing\n',
    // This rule alone reports nothing the directives could cover, so only
    // names it does not know would be findings: a directive about itself is used by nothing either.
    'FROM m\n',
  ],
  invalid: [
    {
      code: 'FROM m\n# mfc-disable-next-line MF999, unknown-parameter -- reason\nPARAMETER x 1\n',
      errors: [
        {
          message: 'unknown rule "MF999" in a disable comment',
          line: 2,
          column: 25,
          endLine: 2,
          endColumn: 30,
          hint: 'rule ids are listed in docs/rules/README.md',
        },
      ],
    },
    {
      name: 'a directive for every rule that covers nothing',
      code: 'FROM m\n# mfc-disable\n',
      output: 'FROM m\n',
      errors: [
        {
          message: 'unused disable comment: no rule reports anything here',
          line: 2,
          column: 1,
          endLine: 2,
          endColumn: 14,
        },
      ],
    },
    {
      name: 'a directive naming this rule that covers nothing',
      code: '# mfc-disable-next-line MF015\nFROM m\n',
      output: 'FROM m\n',
      errors: [
        {
          message: 'unused disable comment: MF015 reports nothing here',
          line: 1,
          column: 25,
          endLine: 1,
          endColumn: 30,
        },
      ],
    },
  ],
});
