import rule from '../../src/rules/MF010.js';
import { ruleTester } from '../rule-tester.js';

ruleTester(rule, {
  valid: [
    'FROM m\nREQUIRES 0.14.0\n',
    'FROM m\nREQUIRES v0.5\n',
    'FROM m\nREQUIRES 1\n',
    'FROM m\nREQUIRES 1.2.3-rc1+build.5\n',
  ],
  invalid: [
    {
      code: 'FROM m\nREQUIRES 1.02\nREQUIRES 1.2-rc1\nREQUIRES latest\n',
      errors: [
        {
          message: 'requires must be a valid semver (e.g. 0.14.0), not "1.02"',
          line: 2,
          column: 10,
          endLine: 2,
          endColumn: 14,
          hint: 'write MAJOR.MINOR.PATCH (a leading v is optional), e.g. REQUIRES 0.14.0',
        },
        {
          message: 'requires must be a valid semver (e.g. 0.14.0), not "1.2-rc1"',
          line: 3,
          column: 10,
          endLine: 3,
          endColumn: 17,
        },
        {
          message: 'requires must be a valid semver (e.g. 0.14.0), not "latest"',
          line: 4,
          column: 10,
          endLine: 4,
          endColumn: 16,
        },
      ],
    },
  ],
});
