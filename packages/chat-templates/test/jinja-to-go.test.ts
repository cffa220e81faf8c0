// The Jinja→Go translator on its corpus: each template translated, then
// rendered by @huggingface/jinja and by Ollama's Go engine on several
// conversations, equality asserted; what cannot be translated is an error
// naming the construct and where it is; a translation that renders
// differently is never returned.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  checkTemplateSource,
  compareTemplates,
  jinjaToGo,
  JinjaToGoError,
  jinjaTranslationConversations,
  plainTemplateSource,
  renderChat,
  renderJinja,
  sampleConversations,
  selectChatTemplate,
  translateJinjaVerified,
  type SpecialTokens,
} from '../src/index.js';
import { differing, translatable, untranslatable } from './jinja-to-go-corpus.js';

const fixtures = join(import.meta.dirname, '..', '..', '..', 'fixtures', 'templates');

/** Translates, verifies, and re-checks independently of translateJinjaVerified. */
function expectSame(jinja: string, tokens: SpecialTokens, refuses: string[] = []) {
  const t = translateJinjaVerified(jinja, tokens);
  const rows = compareTemplates(jinja, t.template, tokens, jinjaTranslationConversations);
  for (const r of rows) {
    if (refuses.includes(r.conversation)) {
      expect(r.jinjaError, r.conversation).toBeDefined();
      continue;
    }
    expect({ conv: r.conversation, go: r.go }).toEqual({ conv: r.conversation, go: r.jinja });
    // The conversations really exercise the template.
    expect(r.jinja!.length).toBeGreaterThan(0);
  }
  expect(t.verified.length).toBe(jinjaTranslationConversations.length - refuses.length);
  // A BOS the Jinja writes first is left to the tokenizer (Ollama's templates never write it).
  if (tokens.bos && jinja.includes('bos_token'))
    for (const c of jinjaTranslationConversations)
      expect(renderChat(t.template, c.values).output.startsWith(tokens.bos), c.name).toBe(false);
  // The Go template renders every sample conversation (tools ones included) without error.
  const check = checkTemplateSource(plainTemplateSource(t.template, 'translation')).report;
  expect(check).toMatchObject({ ok: true, mode: 'messages', tools: false });
  return t;
}

describe('Jinja→Go: real-world-shaped templates', () => {
  for (const c of translatable) {
    it(`${c.name} renders the same both ways`, () => {
      expectSame(c.jinja, c.tokens, c.refuses);
    });
  }

  it('the corpus includes templates no library template matches', () => {
    const unmatched = translatable.filter((c) => !selectChatTemplate(c.jinja, c.tokens).matched);
    expect(unmatched.map((c) => c.name)).toEqual(
      expect.arrayContaining([
        'gemma4-like-turns',
        'vicuna',
        'deepseek-r1-namespace',
        'qwen2.5-fine-tune-with-tool-results',
      ]),
    );
  });

  it('verifies on system, multi-turn, assistant-last and no-system conversations', () => {
    expect(jinjaTranslationConversations.map((c) => c.name)).toEqual(
      expect.arrayContaining([
        'system-user-assistant-user',
        'user-assistant-user',
        'assistant-last',
        'no-system-assistant-last',
        'user',
        'tool-result',
      ]),
    );
  });
});

describe("Jinja→Go: the repository's Jinja fixtures", () => {
  const files = readdirSync(fixtures).filter((f) => f.endsWith('.jinja'));
  it('has the fixtures', () => expect(files.length).toBeGreaterThanOrEqual(7));
  for (const f of files) {
    it(`${f} renders the same both ways`, () => {
      const jinja = readFileSync(join(fixtures, f), 'utf8');
      const refuses = jinjaTranslationConversations
        .filter((c) => {
          try {
            renderJinja(jinja, c.values, { bos: '<s>', eos: '</s>' });
            return false;
          } catch {
            return true;
          }
        })
        .map((c) => c.name);
      expect(refuses.length).toBeLessThanOrEqual(4);
      expectSame(jinja, { bos: '<s>', eos: '</s>' }, refuses);
    });
  }
});

describe('Jinja→Go: what the translation does with Jinja-only constructs', () => {
  const gemma2 = translatable.find((c) => c.name === 'gemma2-model-role-no-system')!;

  it('inlines BOS/EOS text, drops the leading BOS and maps the assistant role rename', () => {
    const t = jinjaToGo(gemma2.jinja, gemma2.tokens);
    expect(t.template.startsWith('<bos>')).toBe(false);
    expect(t.template).toContain('<start_of_turn>');
    expect(t.template).toContain('"model"');
    expect(t.template).not.toContain('raise_exception');
    expect(t.notes.join('\n')).toContain('leading BOS');
  });

  it('a per-turn BOS is written from the second turn on (llama 2)', () => {
    const c = translatable.find((x) => x.name === 'llama2-system-in-first-user')!;
    const t = jinjaToGo(c.jinja, c.tokens);
    expect(t.template).toContain('{{ if $idx1 }}<s>{{ end }}[INST] ');
  });

  it('the previous and next message of a loop (Qwen 2.5 groups tool results)', () => {
    const c = translatable.find((x) => x.name === 'qwen2.5-fine-tune-with-tool-results')!;
    const t = jinjaToGo(c.jinja, c.tokens).template;
    expect(t).toContain('{{ $previous = $message }}');
    expect(t).toContain('(index (slice $.Messages $idx1) 1)');
    const out = renderChat(
      t,
      jinjaTranslationConversations.find((x) => x.name === 'tool-result')!.values,
    );
    expect(out.output).toContain(
      '<|im_start|>user\n<tool_response>\n22 degrees and sunny\n</tool_response><|im_end|>\n',
    );
  });

  it('says where it trims less than the Jinja, and verification catches it on padded text', () => {
    const c = translatable.find((x) => x.name === 'llama2-system-in-first-user')!;
    expect(jinjaToGo(c.jinja, c.tokens).notes.join('\n')).toContain('strip/trim');
    const padded = [
      {
        name: 'padded',
        values: { messages: [{ role: 'user', content: '  Hi  ' }] },
        forMatching: true,
      },
      ...sampleConversations.filter((s) => s.forMatching),
    ];
    expect(() => translateJinjaVerified(c.jinja, c.tokens, padded)).toThrow(
      /renders the "padded" conversation differently[\s\S]*first difference/,
    );
  });

  it('never returns a translation that renders a conversation differently', () => {
    expect(() => jinjaToGo(differing.jinja)).not.toThrow();
    let err: unknown;
    try {
      translateJinjaVerified(differing.jinja);
    } catch (e) {
      err = e;
    }
    expect(err).toMatchObject({ code: 'JINJA_TRANSLATION_DIFFERS' });
    expect((err as Error).message).toContain(`renders the "${differing.differsOn}" conversation`);
    expect((err as Error).message).toContain('jinja: "system: You are a helpful assistant.');
  });

  it('refuses to call a translation verified on too few conversations', () => {
    const jinja = `{% if messages | length != 3 %}{{ raise_exception('three messages only') }}{% endif %}{% for m in messages %}{{ m.content }}{% endfor %}`;
    expect(() => translateJinjaVerified(jinja)).toThrow(/only 2 of the/);
  });

  it('`is defined`, default() and namespaces follow Jinja scoping', () => {
    const jinja = `{%- set ns = namespace(n='') -%}
{%- for m in messages -%}
{%- set last_role = m.role -%}
{%- if m.role == 'system' %}{% set ns.n = ns.n + m.content %}{% endif -%}
{%- endfor -%}
[{{ last_role | default('unset') }}][{{ ns.n }}]{% if greeting is defined %}{{ greeting }}{% else %}hello{% endif %}`;
    const t = expectSame(jinja, {});
    expect(t.template).toContain('[unset]');
  });
});

describe('Jinja→Go: untranslatable constructs', () => {
  for (const c of untranslatable) {
    it(`refuses ${c.name}, naming ${c.construct}`, () => {
      let err: unknown;
      try {
        jinjaToGo(c.jinja);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(JinjaToGoError);
      const e = err as JinjaToGoError;
      expect(e.code).toBe('JINJA_NOT_TRANSLATABLE');
      expect(e.construct).toBe(c.construct);
      expect(e.message).toContain(c.construct);
      expect(e.location.range).toBeDefined();
      if (c.at) expect(e.message).toContain(`(${c.at})`);
    });
  }

  it('a Jinja syntax error is JINJA_INVALID', () => {
    expect(() => jinjaToGo('{% for m in messages %}')).toThrow(
      expect.objectContaining({ code: 'JINJA_INVALID' }),
    );
  });
});
