import rule from '../../src/rules/MF022.js';
import { ruleTester } from '../rule-tester.js';

const hint =
  'put the .gguf or safetensors files in that folder, or name them (FROM ./model.gguf) or a model (FROM llama3.2)';

ruleTester(rule, {
  valid: [
    // A model name, a missing path (MF011's case) and a file are not folders.
    'FROM llama3.2\n',
    'FROM ./missing\n',
    { code: 'FROM ./model.gguf\n', files: { 'model.gguf': 'x' } },
    { code: 'FROM .\n', name: 'the Modelfile’s folder with a GGUF', files: { 'tiny.gguf': 'x' } },
    { code: 'FROM \n', name: 'empty FROM, folder with a GGUF', files: { 'tiny.gguf': 'x' } },
    {
      code: 'FROM ./weights\n',
      files: { 'weights/model-00001-of-00002.safetensors': 'x', 'weights/config.json': '{}' },
    },
    {
      code: 'FROM ./hf\n',
      name: 'safetensors one folder down, as Ollama looks for them',
      files: { 'hf/sub/model.safetensors': 'x' },
    },
    { code: 'FROM ./pt\n', files: { 'pt/pytorch_model.bin': 'x' } },
  ],
  invalid: [
    {
      code: 'FROM \nSYSTEM hi\n',
      name: 'empty FROM in a folder with only the Modelfile',
      errors: [
        {
          message:
            'FROM is empty, so Ollama reads the Modelfile’s folder {dir}, which holds no model files: no Modelfile or safetensors files found',
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 5,
          hint,
        },
      ],
    },
    {
      code: 'FROM .\nFROM ./docs\n',
      files: { 'docs/README.md': 'x', 'notes.txt': 'x' },
      errors: [
        {
          message:
            'FROM {dir} is a folder with no model files: Ollama fails with "no Modelfile or safetensors files found"',
          line: 1,
          column: 6,
          endLine: 1,
          endColumn: 7,
          hint,
        },
        {
          message:
            'FROM {dir}/docs is a folder with no model files: Ollama fails with "no Modelfile or safetensors files found"',
          line: 2,
          column: 6,
          endLine: 2,
          endColumn: 12,
        },
      ],
    },
  ],
});
