import rule from '../../src/rules/MF009.js';
import { ruleTester } from '../rule-tester.js';

ruleTester(rule, {
  valid: [
    'FROM m\nMESSAGE system be brief\nMESSAGE user hi\nMESSAGE assistant hello\nMESSAGE user bye\n',
    'FROM m\nMESSAGE user hi\n',
  ],
  invalid: [
    {
      code: 'FROM m\nMESSAGE assistant hello\nMESSAGE user hi\nMESSAGE user again\nMESSAGE system late\n',
      errors: [
        {
          message:
            'the conversation starts with an assistant MESSAGE; the model will see no user turn before it',
          line: 2,
          column: 9,
          endLine: 2,
          endColumn: 18,
        },
        {
          message: 'two user MESSAGEs in a row (lines 3 and 4); the turns should alternate',
          line: 4,
          column: 9,
          endLine: 4,
          endColumn: 13,
        },
        {
          message: 'a system MESSAGE after the conversation has started (line 2)',
          line: 5,
          column: 9,
          endLine: 5,
          endColumn: 15,
        },
      ],
    },
  ],
});
