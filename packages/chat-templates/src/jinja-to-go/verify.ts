/** Verifying a translation: the Jinja and the Go rendered on sample conversations must agree. */
import { MfcError } from '@mfc/diagnostics';
import type { ChatValues } from '../ollama.js';
import { sampleConversations, type SampleConversation } from '../samples.js';
import {
  compareTemplates,
  describeDifference,
  type ConversationComparison,
  type SpecialTokens,
} from '../select.js';
import { jinjaToGo, type JinjaToGoResult } from './translate.js';

const u = (content: string) => ({ role: 'user', content });
const a = (content: string) => ({ role: 'assistant', content });
const conv = (name: string, messages: ChatValues['messages']): SampleConversation => ({
  name,
  values: { messages },
  forMatching: true,
});

/**
 * Conversations a Jinja→Go translation is verified on: the matching samples
 * (user, multi-turn, system), plus assistant last, system with one turn, a
 * tool result (no tools given) and a long exchange with template delimiters
 * in the text. None has two messages of
 * one role in a row: Ollama collates those, so no Go template can show them apart.
 */
export const jinjaTranslationConversations: readonly SampleConversation[] = [
  ...sampleConversations.filter((c) => c.forMatching),
  conv('system-user', [{ role: 'system', content: 'Answer in French.' }, u('Hi')]),
  conv('assistant-last', [{ role: 'system', content: 'Be brief.' }, u('Hi'), a('Hello!')]),
  conv('no-system-assistant-last', [u('Hi'), a('Hello!')]),
  conv('tool-result', [
    u('What is the weather in Paris?'),
    a('Let me look it up.'),
    { role: 'tool', content: '22 degrees and sunny' },
    u('Thanks!'),
  ]),
  conv('long-multi-turn', [
    u('One'),
    a('1'),
    u('Two'),
    a('2'),
    u('Three {{ braces }} and {% percent %}'),
  ]),
];

/** How many conversations a translation must render identically at least. */
export const MIN_VERIFIED_CONVERSATIONS = 3;

export interface JinjaTranslation extends JinjaToGoResult {
  /** The conversations both rendered, all identical. */
  verified: string[];
  comparisons: ConversationComparison[];
}

/**
 * jinjaToGo, then renders the Jinja (@huggingface/jinja) and the Go
 * translation (Ollama's data model) on the conversations; every conversation
 * the Jinja accepts must give the identical prompt. Throws
 * JINJA_TRANSLATION_DIFFERS naming the first conversation that does not.
 */
export function translateJinjaVerified(
  jinja: string,
  tokens: SpecialTokens = {},
  conversations: readonly SampleConversation[] = jinjaTranslationConversations,
): JinjaTranslation {
  const result = jinjaToGo(jinja, tokens);
  const comparisons = compareTemplates(jinja, result.template, tokens, conversations);
  const bad = comparisons.find((c) => c.jinja !== undefined && !c.equal);
  if (bad)
    throw new MfcError(
      'JINJA_TRANSLATION_DIFFERS',
      `the Go translation renders the "${bad.conversation}" conversation differently from the Jinja` +
        (bad.goError
          ? ` (Go error: ${bad.goError})`
          : `:\n${describeDifference(bad.jinja!, bad.go ?? '')}`),
      { hint: 'write the Go template by hand and check it with `mfc template compare`' },
    );
  const verified = comparisons.filter((c) => c.equal).map((c) => c.conversation);
  if (verified.length < MIN_VERIFIED_CONVERSATIONS)
    throw new MfcError(
      'JINJA_TRANSLATION_DIFFERS',
      `the Jinja renders only ${verified.length} of the ${conversations.length} sample conversations, too few to verify a translation`,
    );
  return { ...result, verified, comparisons };
}
