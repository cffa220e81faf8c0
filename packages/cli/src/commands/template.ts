import { UsageError } from '@mfc/diagnostics';
import {
  chatRequestConversation,
  chatTemplate,
  chatTemplates,
  checkTemplateSource,
  compareWithJinja,
  formatComparison,
  loadJinjaTemplate,
  modelfileTemplateSource,
  parseOracleDate,
  parseTemplateSource,
  plainTemplateSource,
  renderChat,
  runOracleBatch,
  sampleConversations,
  templatesAgree,
  type SampleConversation,
  type SpecialTokens,
  type TemplateSource,
} from '@mfc/chat-templates';
import { defineCommand, flag, printJson, stringOption, type CommandContext } from '../command.js';
import { readStdin, readTextArg, stdinIsTTY } from '../stdin.js';

/** A file argument's text (`-`: stdin). */
const read = (ctx: CommandContext, path: string) => readTextArg(ctx.cwd, ctx.terminal.stdin, path);

/** The template the options name: --name, --template, -f's last TEMPLATE, or stdin. */
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
    return plainTemplateSource(def.template, `built-in ${builtin}`);
  }
  if (modelfile && templateFile)
    throw new UsageError('give either -f MODELFILE or --template FILE, not both');
  if (templateFile) return plainTemplateSource(await read(ctx, templateFile), templateFile);
  if (modelfile) return modelfileTemplateSource(await read(ctx, modelfile), modelfile);
  if (stdinIsTTY(ctx.terminal))
    throw new UsageError(
      'no template given',
      'use -f MODELFILE, --template FILE, or pipe a template on stdin',
    );
  return plainTemplateSource((await readStdin(ctx.terminal.stdin)).toString('utf8'), '<stdin>');
}

async function conversations(ctx: CommandContext): Promise<readonly SampleConversation[]> {
  const file = stringOption(ctx, 'messages');
  if (!file) return sampleConversations;
  return [chatRequestConversation(await read(ctx, file), file)];
}

function showWhitespace(s: string): string {
  return s.replace(/ /g, '·').replace(/\t/g, '→').replace(/\r/g, '␍').replace(/\n/g, '↵\n');
}

async function runBatch(ctx: CommandContext): Promise<number> {
  const input = (await readStdin(ctx.terminal.stdin)).toString('utf8');
  const date: string | undefined = ctx.env.ORACLE_DATE || undefined;
  if (date) {
    try {
      parseOracleDate(date);
    } catch (err) {
      throw new UsageError(`ORACLE_DATE: ${(err as Error).message}`);
    }
  }
  ctx.terminal.out(runOracleBatch(input, date ? { date } : {}));
  return 0;
}

async function runRender(ctx: CommandContext): Promise<number> {
  if (flag(ctx, 'batch')) return runBatch(ctx);
  const t = parseTemplateSource(await loadTemplate(ctx));
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
  const { report, parseError } = checkTemplateSource(await loadTemplate(ctx));
  if (flag(ctx, 'json')) {
    printJson(ctx, report);
    return report.ok ? 0 : 1;
  }
  if (parseError) throw parseError;
  if (!('vars' in report)) return 1;
  const { file, vars, mode, renders } = report;
  const s = ctx.terminal.outStyle;
  const lines = [
    `${s.bold(file)}: template parses`,
    `  variables: ${vars.join(', ') || '(none)'}`,
    `  mode: ${mode === 'messages' ? 'messages (the template uses .Messages)' : 'prompt/response (run once per exchange; the last run stops at .Response)'}`,
    `  capabilities: ${[report.tools ? 'tools' : '', report.insert ? 'insert (fill-in-the-middle)' : ''].filter(Boolean).join(', ') || 'chat'}`,
    ...renders.map(
      (r) =>
        `  ${r.ok ? s.cyan('✓') : s.red('✗')} renders ${r.conversation}${r.error ? `: ${r.error}` : ''}`,
    ),
  ];
  ctx.terminal.out(lines.join('\n') + '\n');
  return report.ok ? 0 : 1;
}

async function runCompare(ctx: CommandContext): Promise<number> {
  const jinjaPath = stringOption(ctx, 'jinja');
  if (!jinjaPath)
    throw new UsageError(
      'no Jinja template given',
      'use --jinja FILE (.jinja, tokenizer_config.json or .gguf)',
    );
  const jinja = await loadJinjaTemplate(jinjaPath, {
    cwd: ctx.cwd,
    readText: (p) => read(ctx, p),
  });
  const tokens: SpecialTokens = {
    bos: stringOption(ctx, 'bos') ?? jinja.tokens.bos,
    eos: stringOption(ctx, 'eos') ?? jinja.tokens.eos,
  };
  const src = await loadTemplate(ctx);
  parseTemplateSource(src);
  const goFile = src.file;
  const rows = compareWithJinja(
    jinjaPath,
    jinja.template,
    src.text,
    tokens,
    await conversations(ctx),
  );
  const same = templatesAgree(rows);
  if (flag(ctx, 'json')) {
    printJson(ctx, { jinja: jinjaPath, go: goFile, same, conversations: rows });
    return same ? 0 : 1;
  }
  ctx.terminal.out(formatComparison(rows, ctx.terminal.outStyle));
  ctx.terminal.out(
    same ? `${goFile} renders like ${jinjaPath}\n` : `${goFile} and ${jinjaPath} differ\n`,
  );
  return same ? 0 : 1;
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
