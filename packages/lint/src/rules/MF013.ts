import { replaceFix } from '../fix-edits.js';
import { defineRule } from '../rule.js';

/** Names of the invisible characters people paste most often. */
const NAMES: Record<number, string> = {
  0x00a0: 'NO-BREAK SPACE',
  0x00ad: 'SOFT HYPHEN',
  0x200b: 'ZERO WIDTH SPACE',
  0x200c: 'ZERO WIDTH NON-JOINER',
  0x200d: 'ZERO WIDTH JOINER',
  0x200e: 'LEFT-TO-RIGHT MARK',
  0x200f: 'RIGHT-TO-LEFT MARK',
  0x2028: 'LINE SEPARATOR',
  0x2029: 'PARAGRAPH SEPARATOR',
  0x2060: 'WORD JOINER',
  0x202f: 'NARROW NO-BREAK SPACE',
  0x3000: 'IDEOGRAPHIC SPACE',
  0xfeff: 'ZERO WIDTH NO-BREAK SPACE (BOM)',
  0x0b: 'LINE TABULATION',
  0x0c: 'FORM FEED',
  0x7f: 'DELETE',
};

function describe(codePoint: number): string {
  const hex = `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`;
  const name =
    NAMES[codePoint] ??
    (codePoint < 0x20 || (codePoint >= 0x80 && codePoint < 0xa0) ? 'control character' : undefined);
  return name ? `${hex} ${name}` : hex;
}

/** Characters Ollama removes from values without a word (Go's `strconv.IsPrint` is false for them). */
export default defineRule({
  meta: {
    id: 'MF013',
    name: 'dropped-character',
    severity: 'warning',
    description: 'An invisible or control character that Ollama silently removes from the value.',
    docs: 'docs/rules/MF013.md',
    messages: {
      dropped: 'Ollama silently drops {character} from this {keyword} value',
    },
  },
  create(context) {
    for (const cmd of context.ast.commands) {
      for (const d of cmd.value.dropped) {
        context.report({
          messageId: 'dropped',
          data: {
            character: describe(d.codePoint),
            keyword: cmd.keyword.instruction.toUpperCase(),
          },
          range: d.range,
          hint:
            d.codePoint === 0x00a0 || d.codePoint === 0x202f || d.codePoint === 0x3000
              ? 'replace it with an ordinary space if a space was meant'
              : 'delete it; what Ollama stores differs from what you see',
          // Ollama drops it while reading, so without it the file reads exactly the same.
          fix: replaceFix(`Delete ${describe(d.codePoint)}`, d.range, ''),
        });
      }
    }
  },
});
