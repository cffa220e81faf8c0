import rule from '../../src/rules/MF014.js';
import { ruleTester } from '../rule-tester.js';

ruleTester(rule, {
  valid: [
    'FROM m\nSYSTEM "You are a helpful assistant."\n',
    'FROM m\nSYSTEM Say "hi" to everyone\n',
    'FROM m\nSYSTEM """\nYou are "Bob".\nBe nice.\n"""\n',
    'FROM m\nTEMPLATE "{{ .Prompt }}"\n',
    // A multi-line value with literal inner quotes does what it looks like.
    'FROM m\nSYSTEM "Say "hi" to everyone\nand "bye" at the end"\n',
  ],
  invalid: [
    {
      name: 'a closing quote followed by more text swallows lines',
      code: 'FROM m\nSYSTEM "be brief" # short answers\nPARAMETER temperature "0.5"\n',
      errors: [
        {
          message: 'this quote does not end the value: it continues up to line 3',
          line: 2,
          column: 17,
          endLine: 2,
          endColumn: 18,
          hint: 'Ollama only ends a quoted value at a quote that ends a line; no escapes exist',
        },
      ],
    },
    {
      name: 'two stop words on one line',
      code: 'FROM m\nPARAMETER stop "<|im_end|>" "<|im_start|>"\n',
      errors: [
        {
          message:
            'this looks like two quoted strings, but Ollama stores one value: <|im_end|>" "<|im_start|>',
          line: 2,
          column: 27,
          endLine: 2,
          endColumn: 30,
          hint: 'give each stop word its own PARAMETER stop line',
        },
      ],
    },
    {
      code: 'FROM m\nSYSTEM \'You are terse.\'\nSYSTEM "He said \\"no\\""\n',
      errors: [
        {
          message:
            'single quotes are not quotes in a Modelfile: they are kept as part of the value',
          line: 2,
          column: 8,
          endLine: 2,
          endColumn: 24,
        },
        {
          message:
            'backslash escapes are not interpreted: \\" is stored as a backslash and a quote',
          line: 3,
          column: 17,
          endLine: 3,
          endColumn: 19,
        },
      ],
    },
  ],
});
