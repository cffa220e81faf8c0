/**
 * `mfc init`: a Modelfile for a GGUF file, a Hugging Face folder or an
 * `hf.co/…` reference, with the TEMPLATE that renders what the model's own
 * (Jinja) chat template renders, stop words, a context size the model was
 * trained for and its license.
 */
import { basename, dirname, isAbsolute, relative, resolve } from 'node:path';
import { chatTemplate, selectChatTemplate } from '@mfc/chat-templates';
import { appsError } from './error-codes.js';
import { hubSettings, isHfReference, parseHfReference, pullFromHub } from '@mfc/hf';
import { findSourceIn, modelFacts, type ModelFacts } from './facts.js';
import { renderText } from './render.js';

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
      templateNote =
        "none of mfc's templates renders what the model's Jinja chat template renders; write a Go template by hand and check it with `mfc template compare`.";
      stop = facts.endTokens;
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
    templateNote,
    stop: stop.map(quoteParam),
    stopNote,
    numCtx,
    numCtxNote,
    license: license === undefined ? undefined : tripleQuotable(license.trimEnd(), 'license'),
    licenseNote: facts.license ? 'from the license file.' : "from the model's metadata.",
  });
  return { text, templateName, facts };
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
