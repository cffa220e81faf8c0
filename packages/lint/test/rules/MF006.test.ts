import rule from '../../src/rules/MF006.js';
import { ruleTester } from '../rule-tester.js';

ruleTester(rule, {
  valid: ['FROM m\nPARAMETER temperature 0.7\n', 'FROM m\nPARAMETER TFS_Z 1\n'],
  invalid: [
    {
      name: 'parameters the seed tutorials still teach',
      code: 'FROM m\nPARAMETER tfs_z 0.5\nPARAMETER num_gqa 1\nPARAMETER numa false\n',
      errors: [
        {
          message:
            "parameter 'tfs_z' was removed from Ollama: `ollama create` fails with unknown parameter 'tfs_z'",
          line: 2,
          column: 11,
          endLine: 2,
          endColumn: 16,
          hint: 'tail-free sampling was removed from llama.cpp and Ollama; delete the line',
        },
        {
          message:
            "parameter 'num_gqa' was removed from Ollama: `ollama create` fails with unknown parameter 'num_gqa'",
          line: 3,
          column: 11,
          endLine: 3,
          endColumn: 18,
        },
        {
          message:
            "parameter 'numa' was removed from Ollama: `ollama create` fails with unknown parameter 'numa'",
          line: 4,
          column: 11,
          endLine: 4,
          endColumn: 15,
        },
      ],
    },
  ],
});
