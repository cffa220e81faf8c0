// The Go→Jinja translator on its corpus: each template rendered by Ollama's
// Go engine and by @huggingface/jinja on several conversations, equality
// asserted; what cannot be translated is an error naming the construct.
import { describe, expect, it } from 'vitest';
import { chatTemplates } from '@mfc/chat-templates';
import {
  checkTranslation,
  goTemplateToJinja,
  GoToJinjaError,
  translateVerified,
  translationConversations,
} from '../src/index.js';
import { handWritten, untranslatable } from './go-to-jinja-corpus.js';

/** Built-in templates whose tool-call parts print JSON or dates the Go way. */
const builtinRefusals: Record<string, string> = {
  llama3: '.Function.Arguments',
  'llama3.1': 'the function "currentDate"',
  mistral: '{{$.Tools}}',
  'mistral-nemo': '{{$.Tools}}',
  'qwen2.5': 'the function "json"',
};

function expectSame(template: string) {
  const jinja = goTemplateToJinja(template);
  const checks = checkTranslation(template, jinja);
  expect(checks.length).toBeGreaterThanOrEqual(5);
  for (const c of checks)
    expect({ conv: c.conversation, out: c.jinja }).toEqual({ conv: c.conversation, out: c.go });
  return checks;
}

describe('Go→Jinja: the built-in templates', () => {
  for (const def of chatTemplates) {
    const refusal = builtinRefusals[def.name];
    it(`${def.name}: ${refusal ? `refused at ${refusal}` : 'renders the same both ways'}`, () => {
      if (refusal) {
        expect(() => goTemplateToJinja(def.template)).toThrow(GoToJinjaError);
        expect(() => goTemplateToJinja(def.template)).toThrow(refusal);
      } else {
        expectSame(def.template);
        expect(translateVerified(def.template)).toBe(goTemplateToJinja(def.template));
      }
    });
  }
});

describe('Go→Jinja: hand-written templates', () => {
  for (const c of handWritten) {
    it(`${c.name} renders the same both ways`, () => {
      const checks = expectSame(c.template);
      // The conversations really exercise the template (not all empty output).
      expect(checks.filter((x) => x.go.length > 0).length).toBeGreaterThanOrEqual(4);
    });
  }

  it('covers system, multi-turn, assistant last and collated messages', () => {
    expect(translationConversations.map((c) => c.name)).toEqual(
      expect.arrayContaining([
        'system-user-assistant-user',
        'assistant-last',
        'two-systems-and-collated-users',
      ]),
    );
  });
});

describe('Go→Jinja: untranslatable constructs', () => {
  for (const c of untranslatable) {
    it(`refuses ${c.construct}`, () => {
      let err: unknown;
      try {
        goTemplateToJinja(c.template);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(GoToJinjaError);
      expect((err as GoToJinjaError).message).toContain(c.construct);
      expect((err as GoToJinjaError).code).toBe('TEMPLATE_NOT_TRANSLATABLE');
    });
  }
});
