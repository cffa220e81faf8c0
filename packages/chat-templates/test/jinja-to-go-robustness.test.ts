// Any Jinja gives a Go template that parses and renders in messages mode, or
// one of the translator's typed errors, never a crash or a bug; verification
// returns only translations that render what the Jinja renders.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MfcError } from '@mfc/diagnostics';
import {
  compareTemplates,
  jinjaToGo,
  jinjaTranslationConversations,
  renderChat,
  translateJinjaVerified,
} from '../src/index.js';

/** Pieces of statements and expressions chat templates are made of, joined at random. */
const statements = [
  '{% for m in messages %}',
  '{% for m in messages[1:] if m.role != "system" %}',
  '{% for x in loop_messages %}',
  '{% endfor %}',
  "{% if m['role'] == 'user' %}",
  '{% if loop.first %}',
  '{% if loop.last and add_generation_prompt %}',
  '{% if messages[0].role == "system" %}',
  '{% if s is defined %}',
  '{% if s is none %}',
  '{% elif m.role in ["assistant", "model"] %}',
  '{% else %}',
  '{% endif %}',
  '{% set s = messages[0].content %}',
  '{% set loop_messages = messages[1:] %}',
  "{% set r = 'model' if m.role == 'assistant' else m.role %}",
  "{% set ns = namespace(a='', b=none) %}",
  '{% set ns.a = ns.a + m.content %}',
  '{% set s = none %}',
  "{{ raise_exception('no') }}",
  '{{ bos_token }}',
  '{{ eos_token }}',
  "{{ '<|' + m.role + '|>' }}",
  '{{ m.content | trim }}',
  '{{ m.content.strip() }}',
  '{{ s }}',
  '{{ r }}',
  '{{ ns.a }}',
  '{{ loop.index0 }}',
  '{{ loop.index }}',
  '{{ messages[-1].role }}',
  '{{ messages | length }}',
  '{{ m | tojson }}',
  '{{ x ~ 1 }}',
  '{% macro f(a) %}{{ a }}{% endmacro %}',
  '{{ f(m.content) }}',
  '{%- ',
  ' -%}',
  '{{',
  '}}',
  'text ',
  '\n',
  '{',
];

describe('Jinja→Go robustness', () => {
  it('translates or refuses random template soups with a typed error', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...statements), { maxLength: 14 }), (parts) => {
        const jinja = parts.join('');
        let go: string;
        try {
          go = jinjaToGo(jinja, { bos: '<s>', eos: '</s>' }).template;
        } catch (e) {
          expect(e).toBeInstanceOf(MfcError);
          expect(['JINJA_INVALID', 'JINJA_NOT_TRANSLATABLE']).toContain((e as MfcError).code);
          return;
        }
        const r = renderChat(go, {
          messages: [
            { role: 'system', content: 'sys' },
            { role: 'user', content: 'hi' },
            { role: 'assistant', content: 'yo' },
          ],
        });
        expect(typeof r.output).toBe('string');
        expect(r.mode).toBe('messages');
        try {
          const t = translateJinjaVerified(jinja, { bos: '<s>', eos: '</s>' });
          const rows = compareTemplates(
            jinja,
            t.template,
            { bos: '<s>', eos: '</s>' },
            jinjaTranslationConversations,
          );
          for (const row of rows) if (row.jinja !== undefined) expect(row.go).toBe(row.jinja);
        } catch (e) {
          expect((e as MfcError).code).toBe('JINJA_TRANSLATION_DIFFERS');
        }
      }),
      { numRuns: 600, seed: 7 },
    );
  });
});
