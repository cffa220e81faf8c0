import { join } from 'node:path';
import { expect, it } from 'vitest';
import { llamaCppSource } from '@mfc/llama-cpp';
import { lintModelfile } from '../../src/index.js';
import rule from '../../src/rules/MF020.js';
import { modelGguf } from '../gguf-bytes.js';
import { ruleTester } from '../rule-tester.js';

const files = {
  'model.gguf': modelGguf('llama', { tokens: ['<s>', '</s>', '<|eot_id|>', 'hello'] }),
};

ruleTester(rule, {
  valid: [
    { code: 'FROM ./model.gguf\nPARAMETER stop <|eot_id|>\nPARAMETER stop </s>\n', files },
    // Plain text stop words may span several tokens: Ollama matches text, not tokens.
    { code: 'FROM ./model.gguf\nPARAMETER stop User:\n', files },
    'FROM llama3.2\nPARAMETER stop <|im_end|>\n',
  ],
  invalid: [
    {
      code: 'FROM ./model.gguf\nPARAMETER stop <|im_end|>\nPARAMETER stop [INST]\nPARAMETER stop <|eot_id|>\n',
      files,
      errors: [
        {
          message: 'stop word "<|im_end|>" is not a token of the vocabulary of ./model.gguf',
          line: 2,
          column: 16,
          endLine: 2,
          endColumn: 26,
        },
        {
          message: 'stop word "[INST]" is not a token of the vocabulary of ./model.gguf',
          line: 3,
          column: 16,
          endLine: 3,
          endColumn: 22,
        },
      ],
    },
  ],
});

it('MF020 reads the vocabulary of a real llama.cpp GGUF (llama-bpe)', async () => {
  const { dir } = await llamaCppSource();
  const vocab = join(dir, 'models/ggml-vocab-llama-bpe.gguf');
  const r = await lintModelfile(
    `FROM ${vocab}\nPARAMETER stop <|eot_id|>\nPARAMETER stop <|im_end|>\n`,
    {
      rules: [rule],
      config: false,
    },
  );
  expect(
    r.findings.map((f) => `${f.range.start.line}:${f.range.start.column} ${f.message}`),
  ).toEqual([`3:16 stop word "<|im_end|>" is not a token of the vocabulary of ${vocab}`]);
});
