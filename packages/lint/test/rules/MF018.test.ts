import { GgufValueType, kv } from '@mfc/gguf';
import rule from '../../src/rules/MF018.js';
import { ggufBytes } from '../gguf-bytes.js';
import { ruleTester } from '../rule-tester.js';

const chatml = 'TEMPLATE "<|im_start|>user\n{{ .Prompt }}<|im_end|>"\n';

/** A model whose EOS is a token no known list has, and whose vocabulary has `<|endoftext|>`. */
const files = {
  'model.gguf': ggufBytes([
    kv.string('general.architecture', 'llama'),
    kv.string('general.type', 'model'),
    kv.array('tokenizer.ggml.tokens', GgufValueType.STRING, [
      '<unk>',
      '<|my_eos|>',
      '<|endoftext|>',
      'hello',
    ]),
    kv.u32('tokenizer.ggml.eos_token_id', 1),
  ]),
};

ruleTester(rule, {
  valid: [
    'FROM m\nTEMPLATE "<|user|>{{ .Prompt }}<|end|><|assistant|>"\nPARAMETER stop <|end|>\nPARAMETER stop <|user|>\n',
    // Without a TEMPLATE the template is inherited: nothing to compare with.
    'FROM m\nPARAMETER stop <|im_end|>\n',
    // A stop word with surrounding blanks still counts when its text is there.
    'FROM m\nTEMPLATE "User: {{ .Prompt }}"\nPARAMETER stop "User: "\n',
    {
      name: 'end-of-sequence tokens the model emits and no template writes (known list)',
      code:
        `FROM m\n${chatml}` +
        [
          '<|endoftext|>',
          '</s>',
          '<|eom_id|>',
          '<|EOT|>',
          '<|end_of_text|>',
          '<｜end▁of▁sentence｜>',
          '<|eot_id|>',
        ]
          .map((s) => `PARAMETER stop ${s}\n`)
          .join(''),
    },
    {
      name: 'the local GGUF’s EOS token and its end-of-generation tokens',
      code: `FROM ./model.gguf\n${chatml}PARAMETER stop <|my_eos|>\nPARAMETER stop <|endoftext|>\n`,
      files,
    },
  ],
  invalid: [
    {
      code: `FROM m\n${chatml}PARAMETER stop <|im_end|>\nPARAMETER stop <|user_end|>\n`,
      errors: [
        {
          message: 'stop word "<|user_end|>" never appears in the TEMPLATE (line 2)',
          line: 5,
          column: 16,
          endLine: 5,
          endColumn: 28,
        },
      ],
    },
    {
      name: 'with the GGUF at hand, a known EOS of another family is not this model’s',
      code: `FROM ./model.gguf\n${chatml}PARAMETER stop </s>\nPARAMETER stop <|my_eos|>\n`,
      files,
      errors: [
        {
          message: 'stop word "</s>" never appears in the TEMPLATE (line 2)',
          line: 4,
          column: 16,
          endLine: 4,
          endColumn: 20,
        },
      ],
    },
  ],
});
