import { convertParameter, type CommandNode } from '@mfc/modelfile';
import { baseModel } from '../local-models.js';
import { defineRule } from '../rule.js';

/** num_ctx larger than the context the local base model was trained with. */
export default defineRule({
  meta: {
    id: 'MF019',
    name: 'num-ctx-above-trained',
    severity: 'warning',
    description:
      '`num_ctx` is larger than the context length the local FROM model was trained with.',
    docs: 'docs/rules/MF019.md',
    usesFiles: true,
    messages: {
      tooLarge:
        'num_ctx {value} is above the {trained} tokens the model was trained with ({key} in {file})',
    },
  },
  async create(context) {
    // Ollama keeps the last num_ctx.
    let numCtx: CommandNode | undefined;
    for (const cmd of context.ast.commands) {
      if (cmd.instruction === 'parameter' && cmd.parameter.text === 'num_ctx') numCtx = cmd;
    }
    if (!numCtx) return;
    const conversion = convertParameter('num_ctx', numCtx.value.value);
    if (!conversion.ok || !('value' in conversion) || typeof conversion.value !== 'number') return;
    const base = await baseModel(context);
    if (!base?.gguf.architecture) return;
    const key = `${base.gguf.architecture}.context_length`;
    const trained = base.gguf.get(key);
    if (typeof trained !== 'number' || trained <= 0 || conversion.value <= trained) return;
    context.report({
      messageId: 'tooLarge',
      data: { value: conversion.value, trained, key, file: base.command.value.value },
      range: numCtx.value.range,
      hint: 'beyond its trained context a model usually degrades unless RoPE scaling is set up for it',
    });
  },
});
