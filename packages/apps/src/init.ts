/**
 * `mfc init`: a Modelfile for a GGUF file, a Hugging Face folder or an
 * `hf.co/…` reference, with the TEMPLATE that renders what the model's own
 * (Jinja) chat template renders, stop words, a context size the model was
 * trained for and its license.
 */
import { basename, dirname, isAbsolute, relative, resolve } from 'node:path';
import {
  chatTemplate,
  renderChat,
  selectChatTemplate,
  translateJinjaVerified,
} from '@mfc/chat-templates';
import { MfcError } from '@mfc/diagnostics';
import { hubSettings, isHfReference, parseHfReference, pullFromHub } from '@mfc/hf';
import { findSourceIn, modelFacts, type ModelFacts } from './facts.js';
import { renderText } from './render.js';
import { appsError } from './error-codes.js';

/** num_ctx `mfc init` writes at most (memory grows with it); less when the model was trained with less. */
export const INIT_MAX_NUM_CTX = 8192;

export interface InitOptions {
  /** Where the Modelfile will be written (FROM paths are relative to its folder). */
  outFile: string;
  /** FROM as written for an `hf.co/…` source (the reference itself). */
  from?: string;
  /** Shown in the header comment. */
  sourceDescription?: string;
}

export interface GeneratedModelfile {
  text: string;
  /** Name of the mfc template chosen, when one matched. */
  templateName?: string;
  /** Where the TEMPLATE came from: mfc's library, or the model's Jinja translated to Go. */
  templateSource?: 'library' | 'translation';
  /** Why the Jinja was not translated, when no library template matched either. */
  translationProblem?: string;
  facts: ModelFacts;
}

function quoteParam(s: string): string {
  if (s.includes('"'))
    throw appsError('INIT_BAD_TOKEN', `the stop word ${JSON.stringify(s)} contains a quote`);
  return `"${s}"`;
}

function tripleQuotable(s: string, what: string): string {
  if (s.includes('"""'))
    throw appsError('INIT_UNQUOTABLE', `the ${what} contains """, which a Modelfile cannot hold`);
  return s;
}

function fromPath(path: string, outFile: string): string {
  const rel = relative(dirname(resolve(outFile)), resolve(path));
  if (rel === '') return '.';
  if (isAbsolute(rel) || rel.startsWith('..')) return resolve(path);
  return `./${rel}`;
}

/** The Modelfile text for a model's facts. */
export function generateModelfile(facts: ModelFacts, options: InitOptions): GeneratedModelfile {
  let template: string | undefined;
  let templateName: string | undefined;
  let templateNote: string;
  let templateSource: GeneratedModelfile['templateSource'];
  let translationProblem: string | undefined;
  let stop: string[] = [];
  let stopNote = 'the end-of-sequence and end-of-turn tokens of the vocabulary.';
  if (!facts.chatTemplate) {
    templateNote =
      'the model has no chat template; add one if it is a chat model (see `mfc template --help`).';
    stop = facts.endTokens;
  } else {
    const r = selectChatTemplate(facts.chatTemplate, {
      bos: facts.bos,
      eos: facts.endTokens.at(-1),
    });
    if (r.matched && r.name && r.template !== null) {
      templateName = r.name;
      templateSource = 'library';
      template = tripleQuotable(r.template, 'template');
      templateNote = `mfc's "${r.name}" template, chosen because it renders what the model's Jinja chat template renders on mfc's sample conversations.`;
      const def = chatTemplate(r.name);
      // Stop words the TEMPLATE writes: the template's own, then the vocabulary's end tokens it uses.
      stop = [
        ...new Set([
          ...(def?.stop ?? []),
          ...facts.endTokens.filter((t) => r.template!.includes(t)),
        ]),
      ];
      stopNote = `those of the "${r.name}" template and the vocabulary's end tokens it writes.`;
    } else {
      const t = translateJinja(facts.chatTemplate, { bos: facts.bos, eos: facts.endTokens.at(-1) });
      stop = facts.endTokens;
      if ('template' in t) {
        template = t.template;
        const eot = endOfTurnMarker(t.template);
        if (eot !== undefined && facts.isToken?.(eot) && !facts.endTokens.includes(eot)) {
          stop = [...new Set([eot, ...facts.endTokens])];
          stopNote = `the token the template writes after a reply, and the vocabulary's end tokens.`;
        }
        templateSource = 'translation';
        templateNote =
          `translated from the model's Jinja chat template (none of mfc's templates renders the same); verified on ${t.verified.length} sample conversations, which render identical prompts` +
          (t.notes.length > 0 ? ` (${t.notes.join('; ')}).` : '.');
      } else {
        translationProblem = t.problem;
        templateNote = `none of mfc's templates renders what the model's Jinja chat template renders, and it was not translated: ${t.problem} Write a Go template by hand and check it with \`mfc template compare\`.`;
      }
    }
  }
  let numCtx: number | undefined;
  let numCtxNote = '';
  if (facts.contextLength && facts.contextLength > 0) {
    numCtx = Math.min(facts.contextLength, INIT_MAX_NUM_CTX);
    numCtxNote =
      numCtx === facts.contextLength
        ? `the ${facts.contextLength} tokens the model was trained with.`
        : `the model was trained with ${facts.contextLength} tokens; more context needs more memory.`;
  }
  // A stop word that is not one token of the vocabulary would never match a generated token.
  if (facts.isToken) stop = stop.filter((t) => facts.isToken!(t));
  const license = facts.license ?? facts.licenseName;
  const text = renderText('modelfile', {
    name: facts.name ?? basename(facts.path),
    sourceDescription:
      options.sourceDescription ??
      (facts.kind === 'gguf'
        ? `the GGUF file ${basename(facts.path)}`
        : `the Hugging Face folder ${basename(facts.path)}`),
    fileName: basename(options.outFile),
    from: options.from ?? fromPath(facts.path, options.outFile),
    template,
    templateNote: wrapComment(templateNote, '# TEMPLATE: '.length),
    stop: stop.map(quoteParam),
    stopNote,
    numCtx,
    numCtxNote,
    license: license === undefined ? undefined : tripleQuotable(license.trimEnd(), 'license'),
    licenseNote: facts.license ? 'from the license file.' : "from the model's metadata.",
  });
  return { text, templateName, templateSource, translationProblem, facts };
}

/** A comment's text wrapped at about 100 columns, continued on `# ` lines. */
function wrapComment(text: string, firstIndent: number, width = 100): string {
  const lines: string[] = [];
  let line = '';
  let room = width - firstIndent;
  for (const word of text.split(' ')) {
    if (line !== '' && line.length + 1 + word.length > room) {
      lines.push(line);
      line = word;
      room = width - 2;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  lines.push(line);
  return lines.join('\n# ');
}

const REPLY = 'mfc-init-reply-marker';

/** What a Go chat template writes right after an assistant reply (up to a blank), e.g. `<turn|>`. */
function endOfTurnMarker(template: string): string | undefined {
  const r = renderChat(template, {
    messages: [
      { role: 'user', content: 'Hi' },
      { role: 'assistant', content: REPLY },
      { role: 'user', content: 'Bye' },
    ],
  });
  if (r.error) return undefined;
  const i = r.output.indexOf(REPLY);
  if (i < 0) return undefined;
  const m = /^\s*(\S+)/.exec(r.output.slice(i + REPLY.length));
  return m?.[1];
}

/**
 * The model's Jinja translated to Go and verified on the sample conversations,
 * or why not (one line, for the Modelfile's comment).
 */
function translateJinja(
  jinja: string,
  tokens: { bos?: string; eos?: string },
): { template: string; verified: string[]; notes: string[] } | { problem: string } {
  try {
    const t = translateJinjaVerified(jinja, tokens);
    if (t.template.includes('"""'))
      return { problem: 'its translation contains """, which a Modelfile cannot hold.' };
    return t;
  } catch (e) {
    if (!(e instanceof MfcError) || e.code === 'INTERNAL') throw e;
    const line = e.message.split('\n')[0].replace(/:$/, '');
    return { problem: line.endsWith('.') ? line : `${line}.` };
  }
}

export interface InitSourceOptions extends Omit<InitOptions, 'from' | 'sourceDescription'> {
  cwd: string;
  env?: NodeJS.ProcessEnv;
}

/** Resolves SOURCE (or the current folder's model) and generates its Modelfile. */
export async function initModelfile(
  source: string | undefined,
  options: InitSourceOptions,
): Promise<GeneratedModelfile> {
  if (source !== undefined && isHfReference(source)) {
    const ref = parseHfReference(source);
    const pulled = await pullFromHub(ref, { settings: hubSettings(options.env ?? process.env) });
    const path = pulled.kind === 'gguf' ? pulled.modelPath! : pulled.snapshotDir;
    return generateModelfile(await modelFacts(path), {
      ...options,
      from: source,
      sourceDescription: source,
    });
  }
  const path = source === undefined ? findSourceIn(options.cwd) : resolve(options.cwd, source);
  if (path === undefined)
    throw appsError('INIT_NO_SOURCE', `no GGUF file or Hugging Face folder in ${options.cwd}`, {
      hint: 'give one: mfc init model.gguf',
    });
  return generateModelfile(await modelFacts(path), options);
}
