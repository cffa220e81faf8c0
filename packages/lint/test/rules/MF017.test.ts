import rule from '../../src/rules/MF017.js';
import { ruleTester } from '../rule-tester.js';

ruleTester(rule, {
  valid: [
    'FROM m\nTEMPLATE "{{ .System }} {{ .Prompt }}"\n',
    'FROM m\nTEMPLATE {{ range $i, $m := .Messages }}{{ $m.Content }}{{ end }}\n',
    // Syntax errors are MF016's.
    'FROM m\nTEMPLATE {{ .System }\n',
  ],
  invalid: [
    {
      code: 'FROM m\ntemplate """<|system|>{{ .System }}<|assistant|>"""\n',
      errors: [
        {
          message:
            'TEMPLATE uses neither .Prompt nor .Messages: the user’s input never reaches the model',
          line: 2,
          column: 1,
          endLine: 2,
          endColumn: 9,
        },
      ],
    },
  ],
});
