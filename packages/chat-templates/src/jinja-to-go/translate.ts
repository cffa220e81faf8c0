/** jinjaToGo: parses the Jinja, translates it, and checks that Go parses the result. */
import { Template as JinjaTemplate } from '@huggingface/jinja';
import { InternalError, MfcError } from '@mfc/diagnostics';
import { parseTemplate } from '@mfc/gotemplate';
import type { SpecialTokens } from '../select.js';
import type { J } from './ast.js';
import { TranslationContext } from './context.js';
import { StatementTranslator } from './statements.js';

export interface JinjaToGoResult {
  /** The Go template (Ollama's chat data model). */
  template: string;
  /** Where the translation is not exact for every input (shown to the user). */
  notes: string[];
}

/**
 * Translates a Jinja chat template into a Go template over Ollama's chat data
 * model. Throws JinjaToGoError naming the first construct it cannot translate
 * (JINJA_INVALID when the Jinja does not parse).
 */
export function jinjaToGo(jinja: string, tokens: SpecialTokens = {}): JinjaToGoResult {
  let program: J;
  try {
    program = new JinjaTemplate(jinja).parsed;
  } catch (e) {
    throw new MfcError(
      'JINJA_INVALID',
      `the Jinja template does not parse: ${(e as Error).message}`,
    );
  }
  const ctx = new TranslationContext(jinja, tokens);
  const t = new StatementTranslator(ctx);
  let template: string;
  try {
    template = t.run(program);
  } catch (e) {
    if (e instanceof MfcError) throw e;
    throw new InternalError(`translating a Jinja template to Go failed: ${(e as Error).message}`, {
      cause: e,
    });
  }
  try {
    // Ollama renders a template in messages mode only if its variables (not
    // those inside `(index …).Field` chains) name .Messages; a template that
    // ignores the messages still must not fall back to prompt/response mode.
    if (!parseTemplate(template).vars().includes('messages'))
      template = '{{ $_ := $.Messages }}' + template;
    parseTemplate(template);
  } catch (e) {
    throw new InternalError(
      `the Go translation of a Jinja template does not parse: ${(e as Error).message}`,
      {
        cause: e,
      },
    );
  }
  return { template, notes: [...ctx.notes] };
}
