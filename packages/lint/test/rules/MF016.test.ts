import rule from '../../src/rules/MF016.js';
import { ruleTester } from '../rule-tester.js';

ruleTester(rule, {
  valid: [
    'FROM m\nTEMPLATE """{{ if .System }}{{ .System }}{{ end }}{{ .Prompt }}"""\n',
    'FROM m\nTEMPLATE {{ range .Messages }}{{ .Content }}{{ end }}\n',
    // An empty TEMPLATE is skipped by Ollama.
    'FROM m\nTEMPLATE ""\n',
  ],
  invalid: [
    {
      name: 'position inside a multi-line TEMPLATE',
      code: 'FROM m\nTEMPLATE """\n{{ .Prompt }}\n{{ end }}\n"""\n',
      errors: [
        {
          message: 'template error: template: :3: unexpected {{end}}',
          // Where Go's parser stopped: the `}}` closing the unexpected action.
          line: 4,
          column: 8,
          endLine: 4,
          endColumn: 9,
        },
      ],
    },
    {
      name: 'unquoted template after a dropped character',
      code: 'FROM m\nTEMPLATE \u200b{{ .Prompt }\n',
      errors: [
        {
          message: 'template error: template: :1: unexpected "}" in operand',
          line: 2,
          column: 22,
          endLine: 2,
          endColumn: 23,
        },
      ],
    },
  ],
});
