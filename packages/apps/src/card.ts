/**
 * `mfc card`: a Hugging Face model card (README.md with YAML front matter)
 * for a stored model, from its GGUF header and text layers.
 */
import { stat } from 'node:fs/promises';
import { renderChat, sampleConversations, selectChatTemplate } from '@mfc/chat-templates';
import { formatBytes } from '@mfc/diagnostics';
import type { Store } from '@mfc/store';
import { storedModelInfo, type StoredModelInfo } from './model-info.js';
import { renderText } from './render.js';

export interface CardOptions {
  /** Name to show in `ollama run …` (default: the store name; e.g. `hf.co/USER/REPO`). */
  ollamaName?: string;
  /** File name of the GGUF as published (default `<model>-<QUANT>.gguf`). */
  fileName?: string;
}

function yamlScalar(s: string): string {
  return /^[\w./-]+$/.test(s) ? s : JSON.stringify(s);
}

function paramValue(v: unknown): string {
  return typeof v === 'string' ? JSON.stringify(v) : String(v);
}

/** The example conversation of the card: the sample multi-turn conversation, with the model's system prompt. */
export function examplePrompt(template: string, system?: string): string | undefined {
  const conv = sampleConversations.find((c) => c.name === 'system-user-assistant-user')!;
  const messages = (conv.values.messages ?? []).filter((m) => m.role !== 'system');
  if (system) messages.unshift({ role: 'system', content: system });
  try {
    const r = renderChat(template, { messages });
    return r.error ? undefined : r.output;
  } catch {
    return undefined;
  }
}

/** The base name files of this model get: `general.name` or the store name, made file-safe. */
export function modelBaseName(info: StoredModelInfo): string {
  const n = info.facts.name ?? info.runnable.model.name.model;
  return n.replace(/[^\w.-]+/g, '-').replace(/^-+|-+$/g, '') || 'model';
}

export function defaultGgufFileName(info: StoredModelInfo): string {
  return `${modelBaseName(info)}-${info.gguf.fileTypeName}.gguf`;
}

/** Renders the model card of a stored model. */
export async function modelCard(
  store: Store,
  name: string,
  options: CardOptions = {},
): Promise<string> {
  const info = await storedModelInfo(store, name);
  const { gguf, facts, runnable } = info;
  const str = (k: string) => {
    const v = gguf.get(k);
    return typeof v === 'string' && v !== '' ? v : undefined;
  };
  const baseModel = str('general.base_model.0.repo_url')?.replace(
    /^https:\/\/huggingface\.co\//,
    '',
  );
  const license = facts.licenseName ?? (runnable.licenses.length > 0 ? 'other' : 'unknown');
  const params = Object.entries(runnable.parameters ?? {}).flatMap(([k, v]) =>
    (Array.isArray(v) ? v : [v]).map((x) => ({ name: k, value: paramValue(x) })),
  );
  const numCtx = runnable.parameters?.num_ctx;
  let templateName: string | undefined;
  if (runnable.template && facts.chatTemplate) {
    const sel = selectChatTemplate(facts.chatTemplate, {
      bos: facts.bos,
      eos: facts.endTokens.at(-1),
    });
    if (sel.matched && sel.template === runnable.template) templateName = sel.name ?? undefined;
  }
  const tags = [...new Set(['gguf', 'ollama', 'mfc', gguf.architecture, gguf.fileTypeName])]
    .filter((t): t is string => typeof t === 'string' && t !== '' && t !== 'unknown')
    .map((t) => yamlScalar(t.toLowerCase()));
  const size = (await stat(info.ggufPath)).size;
  return renderText('card', {
    license: yamlScalar(license),
    baseModel: baseModel ? yamlScalar(baseModel) : undefined,
    tags,
    title: facts.name ?? info.shortName,
    description: str('general.description'),
    architecture: gguf.architecture ?? 'unknown',
    parameterSize: gguf.parameterSize,
    parameterCount: gguf.parameterCount.toLocaleString('en-US'),
    quantization: gguf.fileTypeName,
    contextLength: facts.contextLength ?? 'unknown',
    fileName: options.fileName ?? defaultGgufFileName(info),
    fileSize: formatBytes(size),
    templateName,
    system: runnable.system,
    parameters: params.length > 0 ? params : undefined,
    examplePrompt: runnable.template
      ? examplePrompt(runnable.template, runnable.system)
      : undefined,
    ollamaName: options.ollamaName ?? info.shortName,
    modelName: info.shortName,
    numCtx: typeof numCtx === 'number' ? numCtx : undefined,
    licenseText: runnable.licenses.length > 0 ? runnable.licenses.join('\n\n') : undefined,
  });
}
