/**
 * Ollama's chat request (`{"messages": […], "tools": […], "think": …}`, as
 * POST /api/chat takes it) turned into the values a chat template renders.
 */
import { MfcError } from '@mfc/diagnostics';
import type { ChatValues } from './ollama.js';
import type { SampleConversation } from './samples.js';

/** The template values of a decoded chat request; `file` names it in errors. */
export function chatRequestValues(json: unknown, file: string): ChatValues {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw new MfcError(
      'MESSAGES_INVALID',
      `${file}: expected a chat request object {"messages": [...], "tools": [...], "think": …}`,
      { location: { file } },
    );
  }
  const o = json as Record<string, unknown>;
  const values: ChatValues = {
    messages: Array.isArray(o.messages) ? (o.messages as ChatValues['messages']) : [],
    tools: Array.isArray(o.tools) ? o.tools : undefined,
  };
  if (typeof o.prompt === 'string') values.prompt = o.prompt;
  if (typeof o.suffix === 'string') values.suffix = o.suffix;
  if (typeof o.think === 'boolean') {
    values.think = o.think;
    values.is_think_set = true;
  } else if (typeof o.think === 'string') {
    values.think = true;
    values.think_level = o.think;
    values.is_think_set = true;
  }
  return values;
}

/** A chat request's JSON text as one conversation to render or compare. */
export function chatRequestConversation(text: string, file: string): SampleConversation {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new MfcError('MESSAGES_INVALID', `${file}: not JSON: ${(err as Error).message}`, {
      location: { file },
    });
  }
  return { name: file, values: chatRequestValues(json, file), forMatching: false };
}
