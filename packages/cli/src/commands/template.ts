import { resolve } from 'node:path';
import {
  LineIndex,
  MfcError,
  UsageError,
  isMfcError,
  readInputFile,
  type Range,
} from '@mfc/diagnostics';
import { TemplateParseError, goJsonIndent, parseTemplate } from '@mfc/gotemplate';
import {
  chatTemplate,
  chatTemplates,
  compareTemplates,
  parseOracleDate,
  renderChat,
  renderMode,
  runCases,
  sampleConversations,
  type ChatValues,
  type OracleCase,
  type SampleConversation,
  type SpecialTokens,
} from '@mfc/chat-templates';
import { parseModelfile } from '@mfc/modelfile';
import { defineCommand, flag, printJson, stringOption, type CommandContext } from '../command.js';
import { readStdin } from '../stdin.js';

async function readText(ctx: CommandContext, path: string): Promise<string> {
  try {
    return path === '-'
      ? (await readStdin()).toString('utf8')
      : (await readInputFile(resolve(ctx.cwd, path))).toString('utf8');
  } catch (err) {
    if (isMfcError(err)) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    throw new MfcError(
      'FILE_READ',
      code === 'ENOENT'
        ? `no such file: ${path}`
        : `cannot read ${path}: ${(err as Error).message}`,
      {
        location: { file: path },
      },
    );
  }
}

/** A template and where it came from (to map its positions back into a Modelfile). */
interface TemplateSource {
  text: string;
  file: string;
  /** The whole Modelfile text, when the template came from one. */
  modelfile?: string;
  /** Offset of the template's first character in the Modelfile. */
  offset: number;
  /** Offsets (in the Modelfile) of characters Ollama dropped from the value. */
  dropped: number[];
}

async function loadTemplate(ctx: CommandContext): Promise<TemplateSource> {
  const modelfile = stringOption(ctx, 'file');
  const templateFile = stringOption(ctx, 'template');
  const builtin = stringOption(ctx, 'name');
  if (builtin) {
    if (modelfile || templateFile)
      throw new UsageError('give one of -f MODELFILE, --template FILE or --name NAME');
    const def = chatTemplate(builtin);
    if (!def) {
      throw new UsageError(
        `no built-in template ${JSON.stringify(builtin)}`,
        `choose one of: ${chatTemplates.map((t) => t.name).join(', ')}`,
      );
    }
    return { text: def.template, file: `built-in ${builtin}`, offset: 0, dropped: [] };
  }
  if (modelfile && templateFile)
    throw new UsageError('give either -f MODELFILE or --template FILE, not both');
  if (templateFile)
    return { text: await readText(ctx, templateFile), file: templateFile, offset: 0, dropped: [] };
  if (modelfile) {
    const text = await readText(ctx, modelfile);
    const parsed = parseModelfile(text, { file: modelfile });
    if (parsed.errors.length > 0) {
      const e = parsed.errors[0];
      throw new MfcError(e.code, e.message, { location: { file: modelfile, range: e.range } });
    }
    const commands = parsed.ast.commands.filter((c) => c.instruction === 'template');
    const last = commands[commands.length - 1];
    if (!last)
      throw new MfcError('TEMPLATE_MISSING', `${modelfile} has no TEMPLATE`, {
        location: { file: modelfile },
      });
    return {
      text: last.value.value,
      file: modelfile,
      modelfile: parsed.source.text,
      offset: last.value.contentRange.start.offset,
      dropped: last.value.dropped.map((d) => d.range.start.offset),
    };
  }
  if (process.stdin.isTTY)
    throw new UsageError(
      'no template given',
      'use -f MODELFILE, --template FILE, or pipe a template on stdin',
    );
  return { text: (await readStdin()).toString('utf8'), file: '<stdin>', offset: 0, dropped: [] };
}

/** Maps an offset in the template text to the file's range (Modelfile line/column when it came from one). */
function mapRange(src: TemplateSource, templateOffset: number): Range {
  const text = src.modelfile ?? src.text;
  let offset = src.offset + templateOffset;
  if (src.modelfile) for (const d of src.dropped) if (d <= offset) offset++;
  return new LineIndex(text).rangeOf(offset, offset);
}

function parseError(src: TemplateSource, e: TemplateParseError): MfcError {
  const range = mapRange(src, e.offset);
  return new MfcError('TEMPLATE_PARSE', e.goMessage, {
    location: { file: src.file, range },
    hint: src.modelfile ? `template line ${e.line}, column ${e.column}` : undefined,
  });
}

function chatValues(json: unknown, file: string): ChatValues {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw new MfcError(
      'MESSAGES_INVALID',
      `${file}: expected a chat request object {"messages": [...], "tools": [...], "think": …}`,
      {
        location: { file },
      },
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

async function conversations(ctx: CommandContext): Promise<readonly SampleConversation[]> {
  const file = stringOption(ctx, 'messages');
  if (!file) return sampleConversations;
  const text = await readText(ctx, file);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new MfcError('MESSAGES_INVALID', `${file}: not JSON: ${(err as Error).message}`, {
      location: { file },
    });
  }
  return [{ name: file, values: chatValues(json, file), forMatching: false }];
}

function showWhitespace(s: string): string {
  return s.replace(/ /g, '·').replace(/\t/g, '→').replace(/\r/g, '␍').replace(/\n/g, '↵\n');
}

async function runBatch(ctx: CommandContext): Promise<number> {
  const text = (await readStdin()).toString('utf8');
  let cases: unknown;
  try {
    cases = JSON.parse(text);
  } catch (err) {
    throw new MfcError(
      'BATCH_INVALID',
      `input must be a JSON array of cases: ${(err as Error).message}`,
    );
  }
  if (!Array.isArray(cases))
    throw new MfcError('BATCH_INVALID', 'input must be a JSON array of cases');
  const date: string | undefined = ctx.env.ORACLE_DATE || undefined;
  if (date) {
    try {
      parseOracleDate(date);
    } catch (err) {
      throw new UsageError(`ORACLE_DATE: ${(err as Error).message}`);
    }
  }
  const results = runCases(cases as OracleCase[], date ? { date } : {});
  ctx.terminal.out(goJsonIndent(results) + '\n');
  return 0;
}

async function runRender(ctx: CommandContext): Promise<number> {
  if (flag(ctx, 'batch')) return runBatch(ctx);
  const src = await loadTemplate(ctx);
  let t;
  try {
    t = parseTemplate(src.text);
  } catch (e) {
    if (e instanceof TemplateParseError) throw parseError(src, e);
    throw e;
  }
  const convs = await conversations(ctx);
  const results = convs.map((c) => ({ conversation: c.name, ...renderChat(t, c.values) }));
  if (flag(ctx, 'json')) {
    printJson(ctx, results);
  } else {
    const ws = flag(ctx, 'show-whitespace');
    const style = ctx.terminal.outStyle;
    for (const r of results) {
      if (results.length > 1 || ws)
        ctx.terminal.out(style.bold(`── ${r.conversation} (${r.mode}) ──`) + '\n');
      ctx.terminal.out(
        ws ? showWhitespace(r.output) + '\n' : r.output + (results.length > 1 ? '\n' : ''),
      );
      if (r.error) ctx.terminal.err(`error: ${r.error}\n`);
    }
  }
  return results.some((r) => r.error) ? 1 : 0;
}

async function runCheck(ctx: CommandContext): Promise<number> {
  const src = await loadTemplate(ctx);
  let t;
  try {
    t = parseTemplate(src.text);
    // Go parses `{{ template "x" }}`; Ollama's Vars() walk then rejects it.
    const varsError = t.varsError();
    if (varsError) throw varsError;
  } catch (e) {
    if (!(e instanceof TemplateParseError)) throw e;
    const err = parseError(src, e);
    if (flag(ctx, 'json')) {
      const r = err.location.range!;
      printJson(ctx, {
        file: src.file,
        ok: false,
        error: {
          message: e.goMessage,
          line: r.start.line,
          column: r.start.column,
          templateLine: e.line,
          templateColumn: e.column,
        },
      });
      return 1;
    }
    throw err;
  }
  const vars = t.vars();
  const mode = renderMode(vars);
  const renders = sampleConversations.map((c) => {
    const r = renderChat(t, c.values);
    return { conversation: c.name, ok: !r.error, ...(r.error ? { error: r.error } : {}) };
  });
  const ok = renders.every((r) => r.ok);
  if (flag(ctx, 'json')) {
    printJson(ctx, {
      file: src.file,
      ok,
      vars,
      mode,
      tools: vars.includes('tools'),
      insert: vars.includes('suffix'),
      renders,
    });
    return ok ? 0 : 1;
  }
  const s = ctx.terminal.outStyle;
  const lines = [
    `${s.bold(src.file)}: template parses`,
    `  variables: ${vars.join(', ') || '(none)'}`,
    `  mode: ${mode === 'messages' ? 'messages (the template uses .Messages)' : 'prompt/response (run once per exchange; the last run stops at .Response)'}`,
    `  capabilities: ${[vars.includes('tools') ? 'tools' : '', vars.includes('suffix') ? 'insert (fill-in-the-middle)' : ''].filter(Boolean).join(', ') || 'chat'}`,
    ...renders.map(
      (r) =>
        `  ${r.ok ? s.cyan('✓') : s.red('✗')} renders ${r.conversation}${r.error ? `: ${r.error}` : ''}`,
    ),
  ];
  ctx.terminal.out(lines.join('\n') + '\n');
  return ok ? 0 : 1;
}

/** A Jinja chat template from a .jinja file, a tokenizer_config.json or a GGUF. */
async function loadJinja(
  ctx: CommandContext,
  path: string,
): Promise<{ template: string; tokens: SpecialTokens }> {
  if (/\.gguf$/i.test(path)) {
    const { openGguf } = await import('@mfc/gguf');
    const g = await openGguf(resolve(ctx.cwd, path));
    const tpl = g.get('tokenizer.chat_template');
    if (typeof tpl !== 'string')
      throw new MfcError('TEMPLATE_MISSING', `${path} has no tokenizer.chat_template`, {
        location: { file: path },
      });
    const tokens = g.get('tokenizer.ggml.tokens');
    const tokenAt = (key: string): string | undefined => {
      const id = g.get(key);
      if (
        tokens === undefined ||
        typeof tokens !== 'object' ||
        (typeof id !== 'number' && typeof id !== 'bigint')
      )
        return undefined;
      const t = tokens.get(Number(id));
      return typeof t === 'string' ? t : undefined;
    };
    return {
      template: tpl,
      tokens: {
        bos: tokenAt('tokenizer.ggml.bos_token_id'),
        eos: tokenAt('tokenizer.ggml.eos_token_id'),
      },
    };
  }
  const text = await readText(ctx, path);
  if (/\.json$/i.test(path)) {
    let cfg: Record<string, unknown>;
    try {
      cfg = JSON.parse(text) as Record<string, unknown>;
    } catch (err) {
      throw new MfcError('JINJA_INVALID', `${path}: not JSON: ${(err as Error).message}`, {
        location: { file: path },
      });
    }
    let tpl = cfg.chat_template;
    if (Array.isArray(tpl))
      tpl = (
        tpl.find((t: { name?: string }) => t.name === 'default') as
          { template?: string } | undefined
      )?.template;
    if (typeof tpl !== 'string')
      throw new MfcError('TEMPLATE_MISSING', `${path} has no chat_template`, {
        location: { file: path },
      });
    const tok = (v: unknown): string | undefined =>
      typeof v === 'string'
        ? v
        : v && typeof v === 'object' && typeof (v as { content?: unknown }).content === 'string'
          ? (v as { content: string }).content
          : undefined;
    return { template: tpl, tokens: { bos: tok(cfg.bos_token), eos: tok(cfg.eos_token) } };
  }
  return { template: text, tokens: {} };
}

async function runCompare(ctx: CommandContext): Promise<number> {
  const jinjaPath = stringOption(ctx, 'jinja');
  if (!jinjaPath)
    throw new UsageError(
      'no Jinja template given',
      'use --jinja FILE (.jinja, tokenizer_config.json or .gguf)',
    );
  const jinja = await loadJinja(ctx, jinjaPath);
  const tokens: SpecialTokens = {
    bos: stringOption(ctx, 'bos') ?? jinja.tokens.bos,
    eos: stringOption(ctx, 'eos') ?? jinja.tokens.eos,
  };
  const src = await loadTemplate(ctx);
  try {
    parseTemplate(src.text);
  } catch (e) {
    if (e instanceof TemplateParseError) throw parseError(src, e);
    throw e;
  }
  const goText = src.text;
  const goFile = src.file;
  let rows;
  try {
    rows = compareTemplates(jinja.template, goText, tokens, await conversations(ctx));
  } catch (err) {
    if (err instanceof MfcError) throw err;
    throw new MfcError('JINJA_INVALID', `${jinjaPath}: ${(err as Error).message}`, {
      location: { file: jinjaPath },
    });
  }
  const same =
    rows.filter((r) => r.jinja !== undefined).every((r) => r.equal) && rows.some((r) => r.equal);
  if (flag(ctx, 'json')) {
    printJson(ctx, { jinja: jinjaPath, go: goFile, same, conversations: rows });
    return same ? 0 : 1;
  }
  const s = ctx.terminal.outStyle;
  for (const r of rows) {
    if (r.jinjaError) {
      ctx.terminal.out(
        `${s.dim('–')} ${r.conversation}: the Jinja template rejects it (${r.jinjaError})\n`,
      );
      continue;
    }
    if (r.equal) {
      ctx.terminal.out(`${s.cyan('✓')} ${r.conversation}: identical\n`);
      continue;
    }
    ctx.terminal.out(
      `${s.red('✗')} ${r.conversation}: ${r.goError ? `Go template failed: ${r.goError}` : 'differ'}\n`,
    );
    if (r.jinja !== undefined && r.go !== undefined)
      ctx.terminal.out(describeDifference(r.jinja, r.go) + '\n');
  }
  ctx.terminal.out(
    same ? `${goFile} renders like ${jinjaPath}\n` : `${goFile} and ${jinjaPath} differ\n`,
  );
  return same ? 0 : 1;
}

/** The first difference between two renderings, with both sides shown around it. */
function describeDifference(jinja: string, go: string): string {
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

export default defineCommand({
  name: 'template',
  summary: 'Render, check and compare Go chat templates exactly as Ollama runs them',
  usage: 'mfc template <render | check | compare> [options]',
  description: [
    'render   Prints the prompt Ollama builds from a TEMPLATE for a conversation (--messages FILE in',
    '         Ollama\'s chat request shape: {"messages": […], "tools": […], "think": …}) or for the',
    "         built-in sample conversations. --batch reads the Go oracle's case array on stdin and",
    '         prints its result array (ORACLE_DATE fixes currentDate).',
    "check    Parses the template with Go's rules (errors positioned in the Modelfile), lists the",
    '         variables it uses, the mode Ollama picks, and renders every sample conversation.',
    "compare  Renders a Hugging Face Jinja chat template (.jinja, tokenizer_config.json or a GGUF's",
    '         tokenizer.chat_template) and the Go template on the same conversations and shows',
    "         where they differ. --name uses one of mfc's built-in templates.",
    'The template comes from -f MODELFILE (its last TEMPLATE), --template FILE, --name NAME, or stdin.',
    'Exit code 1 when the template fails to parse or render, or the renderings differ.',
  ].join('\n'),
  examples: [
    'mfc template render -f Modelfile',
    'mfc template render --template llama3.gotmpl --messages chat.json --show-whitespace',
    'mfc template check -f Modelfile',
    'mfc template compare -f Modelfile --jinja tokenizer_config.json',
    'mfc template compare --name llama3 --jinja model.gguf',
    'ORACLE_DATE=2024-06-01 mfc template render --batch < cases.json',
  ],
  options: {
    file: {
      type: 'string',
      short: 'f',
      valueName: 'MODELFILE',
      description: 'Take the TEMPLATE of this Modelfile',
    },
    template: { type: 'string', valueName: 'FILE', description: 'Read the Go template from FILE' },
    messages: {
      type: 'string',
      valueName: 'FILE',
      description: 'A chat request (JSON) to render instead of the samples',
    },
    'show-whitespace': { type: 'boolean', description: 'Make spaces, tabs and line ends visible' },
    batch: { type: 'boolean', description: "render: the Go oracle's protocol on stdin/stdout" },
    jinja: {
      type: 'string',
      valueName: 'FILE',
      description: 'compare: the Jinja template (.jinja, tokenizer_config.json, .gguf)',
    },
    name: {
      type: 'string',
      valueName: 'NAME',
      description: `Use one of mfc's built-in templates (${chatTemplates.map((t) => t.name).join(', ')})`,
    },
    bos: {
      type: 'string',
      valueName: 'TOKEN',
      description: 'compare: the BOS token the Jinja template prints',
    },
    eos: {
      type: 'string',
      valueName: 'TOKEN',
      description: 'compare: the EOS token the Jinja template prints',
    },
    json: { type: 'boolean', description: 'Print the result as JSON' },
  },
  async run(ctx) {
    const [sub, ...rest] = ctx.positionals;
    if (rest.length > 0)
      throw new UsageError(
        `unexpected argument ${JSON.stringify(rest[0])}`,
        "see 'mfc template --help'",
      );
    switch (sub) {
      case 'render':
        return runRender(ctx);
      case 'check':
        return runCheck(ctx);
      case 'compare':
        return runCompare(ctx);
      case undefined:
        throw new UsageError('no subcommand given', 'use: mfc template render | check | compare');
      default:
        throw new UsageError(
          `unknown subcommand ${JSON.stringify(sub)}`,
          'use: mfc template render | check | compare',
        );
    }
  },
});
