// The translated Jinja rendered by Python's jinja2 (the engine family the
// apps' minja and transformers follow), with transformers' settings and with
// jinja2's defaults: the same prompt as Ollama's Go engine.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chatTemplates, renderChat } from '@mfc/chat-templates';
import { goTemplateToJinja, translationConversations } from '../src/index.js';
import { handWritten } from './go-to-jinja-corpus.js';
import { jinja2Python } from './jinja2-python.js';

const hasJinja2 = jinja2Python !== undefined;
if (!hasJinja2) console.warn('python3 with jinja2 is missing: skipping the jinja2 rendering check');

describe.skipIf(!hasJinja2)('Go→Jinja rendered with Python jinja2', () => {
  it('gives the Go prompt for every translatable template and conversation', () => {
    const templates = [
      ...chatTemplates.map((t) => ({ name: t.name, template: t.template })),
      ...handWritten,
    ].flatMap((t) => {
      try {
        return [{ ...t, jinja: goTemplateToJinja(t.template) }];
      } catch {
        return [];
      }
    });
    const cases: { id: string; template: string; messages: unknown; go: string }[] = [];
    for (const t of templates)
      for (const c of translationConversations) {
        const g = renderChat(t.template, c.values);
        if (g.error) continue;
        cases.push({
          id: `${t.name}/${c.name}`,
          template: t.jinja,
          messages: c.values.messages,
          go: g.output,
        });
      }
    expect(cases.length).toBeGreaterThan(80);
    const out = JSON.parse(
      execFileSync(jinja2Python!, [join(__dirname, 'jinja2_render.py')], {
        input: JSON.stringify(cases),
        encoding: 'utf8',
      }),
    ) as { id: string; transformers: string; plain: string }[];
    const byId = new Map(out.map((o) => [o.id, o]));
    for (const c of cases) {
      const r = byId.get(c.id)!;
      expect({ id: c.id, out: r.transformers }).toEqual({ id: c.id, out: c.go });
      expect({ id: c.id, out: r.plain }).toEqual({ id: c.id, out: c.go });
    }
  });
});
