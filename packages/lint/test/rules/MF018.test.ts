import rule from '../../src/rules/MF018.js';
import { ruleTester } from '../rule-tester.js';

ruleTester(rule, {
  valid: [
    'FROM m\nTEMPLATE "<|user|>{{ .Prompt }}<|end|><|assistant|>"\nPARAMETER stop <|end|>\nPARAMETER stop <|user|>\n',
    // Without a TEMPLATE the template is inherited: nothing to compare with.
    'FROM m\nPARAMETER stop <|im_end|>\n',
    // A stop word with surrounding blanks still counts when its text is there.
    'FROM m\nTEMPLATE "User: {{ .Prompt }}"\nPARAMETER stop "User: "\n',
  ],
  invalid: [
    {
      code: 'FROM m\nTEMPLATE "<|im_start|>user\n{{ .Prompt }}<|im_end|>"\nPARAMETER stop <|im_end|>\nPARAMETER stop <|eot_id|>\n',
      errors: [
        {
          message: 'stop word "<|eot_id|>" never appears in the TEMPLATE (line 2)',
          line: 5,
          column: 16,
          endLine: 5,
          endColumn: 26,
        },
      ],
    },
  ],
});
