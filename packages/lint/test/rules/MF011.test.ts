import rule from '../../src/rules/MF011.js';
import { ruleTester } from '../rule-tester.js';

ruleTester(rule, {
  valid: [
    // Model names are not paths.
    'FROM llama3.2:1b\nFROM hf.co/bartowski/Llama-3.2-1B-Instruct-GGUF:Q4_K_M\nFROM user/model\n',
    {
      code: 'FROM ./model.gguf\nADAPTER lora/adapter.gguf\nDRAFT small.gguf\n',
      files: { 'model.gguf': 'x', 'lora/adapter.gguf': 'x', 'small.gguf': 'x' },
    },
    { code: 'FROM .\n', name: 'the Modelfile folder itself' },
    { code: 'FROM "./with space.gguf"\n', files: { 'with space.gguf': 'x' } },
  ],
  invalid: [
    {
      code: 'FROM ./missing.gguf\nADAPTER lora.gguf\nDRAFT nowhere/draft\n',
      files: { 'other.gguf': 'x' },
      errors: [
        {
          message:
            'FROM path {dir}/missing.gguf does not exist; Ollama will take "./missing.gguf" as a model name and fail to pull it',
          line: 1,
          column: 6,
          endLine: 1,
          endColumn: 20,
          hint: "paths are relative to the Modelfile's folder ({dir})",
        },
        {
          message: 'ADAPTER path {dir}/lora.gguf does not exist',
          line: 2,
          column: 9,
          endLine: 2,
          endColumn: 18,
        },
        {
          message: 'DRAFT path {dir}/nowhere/draft does not exist',
          line: 3,
          column: 7,
          endLine: 3,
          endColumn: 20,
        },
      ],
    },
  ],
});
