/**
 * Choosing one of mfc's Go chat templates for a Hugging Face (Jinja) chat
 * template by rendering: both are rendered on the same sample conversations
 * and a Go template is chosen only if every rendering agrees.
 */
import { Template as JinjaTemplate } from '@huggingface/jinja';
import { renderChat, type ChatMessage, type ChatValues } from './ollama.js';
import { parseTemplate } from '@mfc/gotemplate';
import { chatTemplates } from './library.js';
import { sampleConversations, type SampleConversation } from './samples.js';

export interface SpecialTokens {
  bos?: string;
  eos?: string;
}

export interface SelectResult {
  /** The chosen template's name, or null. */
  name: string | null;
  /** Its Go template text, or null. */
  template: string | null;
  matched: boolean;
}

/** Renders a Jinja chat template the way transformers does (generation prompt on). */
export function renderJinja(
  jinja: string | JinjaTemplate,
  values: ChatValues,
  tokens: SpecialTokens = {},
): string {
  const t = typeof jinja === 'string' ? new JinjaTemplate(jinja) : jinja;
  const ctx: Record<string, unknown> = {
    messages: (values.messages ?? []).map(toJinjaMessage),
    bos_token: tokens.bos ?? '',
    eos_token: tokens.eos ?? '',
    add_generation_prompt: true,
  };
  if (values.tools) ctx.tools = values.tools;
  return t.render(ctx);
}

function toJinjaMessage(m: ChatMessage): Record<string, unknown> {
  const out: Record<string, unknown> = { role: m.role, content: m.content ?? '' };
  if (m.tool_calls && m.tool_calls.length > 0) {
    out.tool_calls = m.tool_calls.map((c) => ({
      type: 'function',
      id: c.id,
      function: { name: c.function.name, arguments: c.function.arguments ?? {} },
    }));
  }
  if (m.tool_call_id) out.tool_call_id = m.tool_call_id;
  if (m.tool_name) out.name = m.tool_name;
  return out;
}

const dateRe = /\b(\d{1,2} [A-Z][a-z]{2} \d{4}|\d{4}-\d{2}-\d{2})\b/g;

/** Output as compared: leading BOS removed (llama.cpp adds it), dates stamped at render time made neutral. */
export function normaliseForCompare(text: string, tokens: SpecialTokens = {}): string {
  let s = text;
  if (tokens.bos && s.startsWith(tokens.bos)) s = s.slice(tokens.bos.length);
  return s.replace(dateRe, '<DATE>');
}

export interface ConversationComparison {
  conversation: string;
  jinja?: string;
  jinjaError?: string;
  go?: string;
  goError?: string;
  /** Both rendered and agree (after normalisation). */
  equal: boolean;
}

/** Renders a Jinja template and a Go template on the same conversations. */
export function compareTemplates(
  jinja: string,
  goTemplate: string,
  tokens: SpecialTokens = {},
  conversations: readonly SampleConversation[] = sampleConversations,
): ConversationComparison[] {
  const jt = new JinjaTemplate(jinja);
  const gt = parseTemplate(goTemplate);
  return conversations.map((c) => {
    const r: ConversationComparison = { conversation: c.name, equal: false };
    try {
      r.jinja = normaliseForCompare(renderJinja(jt, c.values, tokens), tokens);
    } catch (e) {
      r.jinjaError = e instanceof Error ? e.message : String(e);
    }
    const g = renderChat(gt, c.values);
    if (g.error) r.goError = g.error;
    else r.go = normaliseForCompare(g.output, tokens);
    r.equal = r.jinja !== undefined && r.go !== undefined && r.jinja === r.go;
    return r;
  });
}

/**
 * Picks the Go template whose renderings equal the Jinja template's on every
 * sample conversation the Jinja template accepts. `matched: false` when none does.
 */
export function selectChatTemplate(
  jinjaTemplate: string,
  specialTokens: SpecialTokens = {},
): SelectResult {
  let jt: JinjaTemplate;
  try {
    jt = new JinjaTemplate(jinjaTemplate);
  } catch {
    return { name: null, template: null, matched: false };
  }
  const convs = sampleConversations.filter((c) => c.forMatching);
  const expected: (string | undefined)[] = convs.map((c) => {
    try {
      return normaliseForCompare(renderJinja(jt, c.values, specialTokens), specialTokens);
    } catch {
      return undefined; // the Jinja template rejects this conversation (e.g. no system role)
    }
  });
  if (expected.every((e) => e === undefined)) return { name: null, template: null, matched: false };
  for (const def of chatTemplates) {
    const gt = parseTemplate(def.template);
    const ok = convs.every((c, i) => {
      if (expected[i] === undefined) return true;
      const g = renderChat(gt, c.values);
      return !g.error && normaliseForCompare(g.output, specialTokens) === expected[i];
    });
    if (ok) return { name: def.name, template: def.template, matched: true };
  }
  return { name: null, template: null, matched: false };
}

/**
 * Whether a comparison found the templates alike: every conversation the
 * Jinja template accepts renders the same, and there is at least one.
 */
export function templatesAgree(rows: readonly ConversationComparison[]): boolean {
  return (
    rows.filter((r) => r.jinja !== undefined).every((r) => r.equal) && rows.some((r) => r.equal)
  );
}

/** The first difference between two renderings, with both sides shown around it. */
export function describeDifference(jinja: string, go: string): string {
  let i = 0;
  while (i < jinja.length && i < go.length && jinja[i] === go[i]) i++;
  const line = jinja.slice(0, i).split('\n').length;
  const from = Math.max(0, i - 40);
  const show = (t: string) => JSON.stringify(t.slice(from, i + 60));
  return [
    `    first difference at character ${i} (line ${line}):`,
    `    jinja: ${show(jinja)}`,
    `    go:    ${show(go)}`,
  ].join('\n');
}
