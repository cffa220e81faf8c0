import rule from '../../src/rules/MF012.js';
import { ruleTester } from '../rule-tester.js';

ruleTester(rule, {
  valid: [
    {
      code: 'FROM ./big.gguf\nDRAFT ./small.gguf\n',
      files: { 'big.gguf': 'x', 'small.gguf': 'y' },
    },
    // Model names are not local paths.
    'FROM llama3.2\nDRAFT llama3.2:1b\n',
  ],
  invalid: [
    {
      name: 'the same file written two ways',
      code: 'FROM ./model.gguf\nDRAFT model.gguf\n',
      files: { 'model.gguf': 'x' },
      errors: [
        {
          message: 'DRAFT must not reference the same local path as FROM: {dir}/model.gguf',
          line: 2,
          column: 7,
          endLine: 2,
          endColumn: 17,
        },
      ],
    },
    {
      name: 'the Modelfile folder',
      code: 'FROM .\nDRAFT .\n',
      errors: [
        {
          message: 'DRAFT must not reference the same local path as FROM: {dir}',
          line: 2,
          column: 7,
          endLine: 2,
          endColumn: 8,
        },
      ],
    },
  ],
});
