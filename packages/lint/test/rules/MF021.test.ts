import rule from '../../src/rules/MF021.js';
import { adapterGguf, modelGguf } from '../gguf-bytes.js';
import { ruleTester } from '../rule-tester.js';

ruleTester(rule, {
  valid: [
    {
      code: 'FROM ./base.gguf\nADAPTER ./lora.gguf\n',
      files: { 'base.gguf': modelGguf('llama'), 'lora.gguf': adapterGguf('llama') },
    },
    // A base model by name: its architecture is not known here.
    { code: 'FROM llama3.2\nADAPTER ./lora.gguf\n', files: { 'lora.gguf': adapterGguf('qwen2') } },
    // Safetensors adapters (a folder) are not GGUF: not checked.
    {
      code: 'FROM ./base.gguf\nADAPTER ./lora\n',
      files: { 'base.gguf': modelGguf('llama'), 'lora/adapter_config.json': '{}' },
    },
  ],
  invalid: [
    {
      code: 'FROM ./base.gguf\nADAPTER ./lora.gguf\n',
      files: { 'base.gguf': modelGguf('llama'), 'lora.gguf': adapterGguf('qwen2') },
      errors: [
        {
          message: 'ADAPTER is for architecture "qwen2", but the FROM model ./base.gguf is "llama"',
          line: 2,
          column: 9,
          endLine: 2,
          endColumn: 20,
        },
      ],
    },
    {
      code: 'FROM ./base.gguf\nADAPTER ./other-model.gguf\n',
      files: { 'base.gguf': modelGguf('llama'), 'other-model.gguf': modelGguf('llama') },
      errors: [
        {
          message: 'ADAPTER ./other-model.gguf is not a LoRA adapter (general.type is "model")',
          line: 2,
          column: 9,
          endLine: 2,
          endColumn: 27,
        },
      ],
    },
  ],
});
