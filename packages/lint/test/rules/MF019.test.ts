import rule from '../../src/rules/MF019.js';
import { modelGguf } from '../gguf-bytes.js';
import { ruleTester } from '../rule-tester.js';

const files = { 'model.gguf': modelGguf('llama', { contextLength: 8192 }) };

ruleTester(rule, {
  valid: [
    { code: 'FROM ./model.gguf\nPARAMETER num_ctx 8192\n', files },
    // Only the last num_ctx counts.
    { code: 'FROM ./model.gguf\nPARAMETER num_ctx 32768\nPARAMETER num_ctx 4096\n', files },
    // A model name, or a GGUF without a trained context: nothing to compare with.
    'FROM llama3.2\nPARAMETER num_ctx 131072\n',
    {
      code: 'FROM ./model.gguf\nPARAMETER num_ctx 65536\n',
      files: { 'model.gguf': modelGguf('llama') },
    },
  ],
  invalid: [
    {
      code: 'FROM ./model.gguf\nPARAMETER num_ctx 32768\n',
      files,
      errors: [
        {
          message:
            'num_ctx 32768 is above the 8192 tokens the model was trained with (llama.context_length in ./model.gguf)',
          line: 2,
          column: 19,
          endLine: 2,
          endColumn: 24,
        },
      ],
    },
  ],
});
