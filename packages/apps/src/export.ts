/**
 * Export a stored model to LM Studio, Jan or GPT4All: the GGUF in the app's
 * own layout, with the chat template as Jinja in its header (the GGUF's own
 * Jinja when the model's TEMPLATE is the one chosen for it, else the Go
 * TEMPLATE translated and verified by rendering), and the system prompt and
 * parameters where the app reads them. What an app cannot take is returned
 * in `notTaken`, never silently dropped.
 */
import { link, mkdir, rm, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { selectChatTemplate } from '@mfc/chat-templates';
import { copyFileAtomic, writeFileAtomic } from '@mfc/diagnostics';
import { kv, rewriteGgufMetadata } from '@mfc/gguf';
import { hashFile, type Store } from '@mfc/store';
import { translateVerified } from './go-to-jinja.js';
import { storedModelInfo, type StoredModelInfo } from './model-info.js';
import { appsError } from './error-codes.js';

export type AppName = 'lmstudio' | 'jan' | 'gpt4all';
export const APP_NAMES: readonly AppName[] = ['lmstudio', 'jan', 'gpt4all'];

export interface ExportToAppOptions {
  to: AppName;
  /** The app's models folder (LM Studio `models/`, Jan's data folder, GPT4All's download folder). */
  dir?: string;
  /** Hard-link the GGUF when its bytes do not change (else it is copied). */
  link?: boolean;
  env?: NodeJS.ProcessEnv;
}

export interface ExportResult {
  app: AppName;
  dir: string;
  ggufPath: string;
  /** Other files written (model.yml, model.yaml). */
  files: string[];
  /** Where the Jinja chat template came from. */
  template: 'gguf' | 'translated' | 'none';
  jinja?: string;
  linked: boolean;
  /** What the app cannot take from the model, one line each. */
  notTaken: string[];
}

/** The default folder of each app (XDG on Linux; the apps' documented defaults). */
export function defaultAppDir(app: AppName, env: NodeJS.ProcessEnv = process.env): string {
  const home = env.HOME || homedir();
  const data = env.XDG_DATA_HOME || join(home, '.local', 'share');
  switch (app) {
    case 'lmstudio':
      return join(home, '.lmstudio', 'models');
    case 'jan':
      return join(data, 'Jan', 'data');
    case 'gpt4all':
      return join(data, 'nomic.ai', 'GPT4All');
  }
}

/** The Jinja template the exported GGUF carries, and where it came from. */
export function jinjaForExport(info: StoredModelInfo): {
  jinja?: string;
  source: 'gguf' | 'translated' | 'none';
} {
  const { runnable, facts } = info;
  if (!runnable.template)
    return facts.chatTemplate ? { jinja: facts.chatTemplate, source: 'gguf' } : { source: 'none' };
  if (facts.chatTemplate) {
    const sel = selectChatTemplate(facts.chatTemplate, {
      bos: facts.bos,
      eos: facts.endTokens.at(-1),
    });
    if (sel.matched && sel.template === runnable.template)
      return { jinja: facts.chatTemplate, source: 'gguf' };
  }
  return { jinja: translateVerified(runnable.template), source: 'translated' };
}

function safe(s: string): string {
  return s.replace(/[^\w.-]+/g, '-').replace(/^-+|-+$/g, '') || 'model';
}

/** publisher/model folder names and the file name, from the store name. */
function names(info: StoredModelInfo) {
  const n = info.runnable.model.name;
  const publisher = safe(n.namespace === 'library' ? 'ollama' : n.namespace);
  const model = safe(n.tag === 'latest' ? n.model : `${n.model}-${n.tag}`);
  return { publisher, model, file: `${model}-${info.gguf.fileTypeName}.gguf` };
}

/** Writes the GGUF with the Jinja in its header, or links/copies it when nothing changes. */
async function placeGguf(
  info: StoredModelInfo,
  dest: string,
  jinja: string | undefined,
  wantLink: boolean,
): Promise<boolean> {
  await rm(dest, { force: true });
  if (jinja === undefined || jinja === info.facts.chatTemplate) {
    if (wantLink) {
      try {
        await link(info.ggufPath, dest);
        return true;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EXDEV') throw err;
      }
    }
    await copyFileAtomic(info.ggufPath, dest); // reflink / copy_file_range where the kernel can
    return false;
  }
  await rewriteGgufMetadata(info.ggufPath, dest, (entries) => {
    const out = entries.filter((e) => e.key !== 'tokenizer.chat_template');
    out.push(kv.string('tokenizer.chat_template', jinja));
    return out;
  });
  return false;
}

/** Ollama parameter → LM Studio config key (`load` or `operation`). */
const lmStudioKeys: Record<string, { key: string; section: 'load' | 'operation' }> = {
  temperature: { key: 'llm.prediction.temperature', section: 'operation' },
  top_k: { key: 'llm.prediction.topKSampling', section: 'operation' },
  top_p: { key: 'llm.prediction.topPSampling', section: 'operation' },
  min_p: { key: 'llm.prediction.minPSampling', section: 'operation' },
  repeat_penalty: { key: 'llm.prediction.repeatPenalty', section: 'operation' },
  num_predict: { key: 'llm.prediction.maxPredictedTokens', section: 'operation' },
  stop: { key: 'llm.prediction.stopStrings', section: 'operation' },
  num_ctx: { key: 'llm.load.contextLength', section: 'load' },
};

const y = (v: unknown) => JSON.stringify(v); // JSON scalars and arrays are valid YAML flow values

function lmStudioModelYaml(
  publisher: string,
  model: string,
  info: StoredModelInfo,
  notTaken: string[],
): string {
  const fields: Record<'load' | 'operation', string[]> = { load: [], operation: [] };
  for (const [k, v] of Object.entries(info.runnable.parameters ?? {})) {
    const m = lmStudioKeys[k];
    if (!m) {
      notTaken.push(`parameter ${k} (${y(v)}): LM Studio has no setting for it`);
      continue;
    }
    fields[m.section].push(`        - key: ${m.key}\n          value: ${y(v)}`);
  }
  if (info.runnable.system)
    fields.operation.push(
      `        - key: llm.prediction.systemPrompt\n          value: ${y(info.runnable.system)}`,
    );
  const section = (name: 'load' | 'operation') =>
    fields[name].length > 0 ? `  ${name}:\n    fields:\n${fields[name].join('\n')}\n` : '';
  const config = section('load') + section('operation');
  return (
    `# LM Studio model.yaml (modelyaml.org draft) written by mfc export.\n` +
    `model: ${y(`${publisher}/${model}`)}\n` +
    `base: ${y(`${publisher}/${model}`)}\n` +
    `tags:\n  - ${y(info.gguf.architecture ?? 'gguf')}\n` +
    (config ? `config:\n${config}` : '')
  );
}

function messagesNote(info: StoredModelInfo, notTaken: string[]): void {
  if (info.runnable.messages && info.runnable.messages.length > 0)
    notTaken.push(
      `${info.runnable.messages.length} MESSAGE example turn(s): no app reads them from a model`,
    );
  if (info.runnable.adapters.length > 0)
    notTaken.push(
      `${info.runnable.adapters.length} ADAPTER layer(s): merge them first (mfc build with an adapter merge)`,
    );
}

/** Exports one stored model to an app. */
export async function exportToApp(
  store: Store,
  name: string,
  options: ExportToAppOptions,
): Promise<ExportResult> {
  if (!APP_NAMES.includes(options.to))
    throw appsError('EXPORT_UNKNOWN_APP', `unknown app '${options.to}'`, {
      hint: `choose one of ${APP_NAMES.join(', ')}`,
    });
  const info = await storedModelInfo(store, name);
  const { jinja, source } = jinjaForExport(info);
  const dir = options.dir ?? defaultAppDir(options.to, options.env);
  const { publisher, model, file } = names(info);
  const notTaken: string[] = [];
  const files: string[] = [];
  const params = info.runnable.parameters ?? {};
  const system = info.runnable.system;
  let ggufPath: string;
  switch (options.to) {
    case 'lmstudio': {
      const folder = join(dir, publisher, model);
      await mkdir(folder, { recursive: true });
      ggufPath = join(folder, file);
      const yaml = join(folder, 'model.yaml');
      await writeFileAtomic(yaml, lmStudioModelYaml(publisher, model, info, notTaken));
      files.push(yaml);
      break;
    }
    case 'jan': {
      const folder = join(dir, 'llamacpp', 'models', publisher, model);
      await mkdir(folder, { recursive: true });
      ggufPath = join(folder, 'model.gguf');
      if (system)
        notTaken.push('system prompt: Jan keeps it in an assistant (Settings → Assistants)');
      for (const [k, v] of Object.entries(params))
        notTaken.push(`parameter ${k} (${y(v)}): Jan sets sampling per assistant/thread`);
      break;
    }
    case 'gpt4all': {
      await mkdir(dir, { recursive: true });
      ggufPath = join(dir, file);
      if (system)
        notTaken.push('system prompt: set it in GPT4All (Settings → Model → System Message)');
      for (const [k, v] of Object.entries(params))
        notTaken.push(`parameter ${k} (${y(v)}): set it in GPT4All's model settings`);
      break;
    }
  }
  messagesNote(info, notTaken);
  const linked = await placeGguf(info, ggufPath, jinja, options.link === true);
  if (options.link && !linked)
    notTaken.push(
      jinja !== undefined && jinja !== info.facts.chatTemplate
        ? '--link: the GGUF header changes (chat template), so the file was copied'
        : '--link: the store is on another file system, so the file was copied',
    );
  if (options.to === 'jan') {
    const st = await stat(ggufPath);
    const { digest } = await hashFile(ggufPath);
    const yml = join(dirname(ggufPath), 'model.yml');
    await writeFileAtomic(
      yml,
      [
        `model_path: ${y(relative(dir, ggufPath).split('\\').join('/'))}`,
        `name: ${y(`${publisher}/${model}`)}`,
        `size_bytes: ${st.size}`,
        'embedding: false',
        `model_sha256: ${y(digest.replace(/^sha256:/, ''))}`,
        '',
      ].join('\n'),
    );
    files.push(yml);
  }
  return { app: options.to, dir, ggufPath, files, template: source, jinja, linked, notTaken };
}
