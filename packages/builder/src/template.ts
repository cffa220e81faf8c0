import type { Location } from '@mfc/diagnostics';
import { builderError } from './error-codes.js';
import { GgufArray, type GgufFile } from '@mfc/gguf';
import { checkTemplate as parseGoTemplate } from '@mfc/gotemplate';
import { chatTemplate, selectChatTemplate } from '@mfc/chat-templates';

/** A Go template chosen for a GGUF's Jinja chat template, with the stop words that go with it. */
export interface DetectedTemplate {
  name: string;
  template: string;
  stop?: string[];
}

function tokenText(gguf: GgufFile, idKey: string): string | undefined {
  const id = gguf.get(idKey);
  const tokens = gguf.get('tokenizer.ggml.tokens');
  if (typeof id !== 'number' || !(tokens instanceof GgufArray)) return undefined;
  const t = tokens.get(id);
  return typeof t === 'string' ? t : undefined;
}

/**
 * Picks one of mfc's Go chat templates for a GGUF's `tokenizer.chat_template`
 * by rendering both on sample conversations (`@mfc/chat-templates`), instead of
 * Ollama's edit distance. Warns when none renders the same text.
 */
export async function autodetectTemplate(
  jinja: string,
  gguf: GgufFile,
  warn: (message: string) => void,
): Promise<DetectedTemplate | undefined> {
  const tokens = {
    bos: tokenText(gguf, 'tokenizer.ggml.bos_token_id'),
    eos: tokenText(gguf, 'tokenizer.ggml.eos_token_id'),
  };
  const r = selectChatTemplate(jinja, tokens);
  if (!r.matched || !r.name || r.template === null) {
    warn(
      "the GGUF's chat template matches none of mfc's templates; the model gets no TEMPLATE (add one to the Modelfile)",
    );
    return undefined;
  }
  const def = chatTemplate(r.name);
  return { name: r.name, template: r.template, stop: def?.stop };
}

/** Checks that a TEMPLATE parses as a Go template (Ollama: `template error: …`). */
export function checkTemplate(text: string, location: Location = {}): void {
  const r = parseGoTemplate(text);
  if (r.error) {
    throw builderError('BUILD_TEMPLATE_ERROR', `template error: ${r.error.goMessage}`, {
      location,
      hint: `at line ${r.error.line}, column ${r.error.column} of the template`,
    });
  }
}
