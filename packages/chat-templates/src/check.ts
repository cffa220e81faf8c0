/**
 * `mfc template check` as data: does the template parse with Go's rules,
 * which variables it uses, the mode Ollama picks, and whether it renders
 * every sample conversation. Also the Jinja comparison with its errors
 * named after the Jinja file.
 */
import { MfcError, type Style } from '@mfc/diagnostics';
import { TemplateParseError, parseTemplate } from '@mfc/gotemplate';
import { renderChat, renderMode, type RenderMode } from './ollama.js';
import { sampleConversations, type SampleConversation } from './samples.js';
import {
  compareTemplates,
  describeDifference,
  type ConversationComparison,
  type SpecialTokens,
} from './select.js';
import { templateParseError, type TemplateSource } from './source.js';

export interface TemplateCheckRender {
  conversation: string;
  ok: boolean;
  error?: string;
}

/** The report, in the field order `--json` prints. */
export type TemplateCheckReport =
  | {
      file: string;
      ok: false;
      error: {
        message: string;
        /** Line and column in the source file (the Modelfile when it came from one). */
        line: number;
        column: number;
        /** Line and column in the template text. */
        templateLine: number;
        templateColumn: number;
      };
    }
  | {
      file: string;
      ok: boolean;
      vars: string[];
      mode: RenderMode;
      tools: boolean;
      insert: boolean;
      renders: TemplateCheckRender[];
    };

export interface TemplateCheck {
  report: TemplateCheckReport;
  /** Go's parse error as a positioned diagnostic, when the template does not parse. */
  parseError?: MfcError;
}

/** Checks a template: parse, variables, mode, capabilities, a render of every sample. */
export function checkTemplateSource(src: TemplateSource): TemplateCheck {
  let t;
  try {
    t = parseTemplate(src.text);
    // Go parses `{{ template "x" }}`; Ollama's Vars() walk then rejects it.
    const varsError = t.varsError();
    if (varsError) throw varsError;
  } catch (e) {
    if (!(e instanceof TemplateParseError)) throw e;
    const parseError = templateParseError(src, e);
    const r = parseError.location.range!;
    return {
      parseError,
      report: {
        file: src.file,
        ok: false,
        error: {
          message: e.goMessage,
          line: r.start.line,
          column: r.start.column,
          templateLine: e.line,
          templateColumn: e.column,
        },
      },
    };
  }
  const vars = t.vars();
  const renders = sampleConversations.map((c): TemplateCheckRender => {
    const r = renderChat(t, c.values);
    return { conversation: c.name, ok: !r.error, ...(r.error ? { error: r.error } : {}) };
  });
  return {
    report: {
      file: src.file,
      ok: renders.every((r) => r.ok),
      vars,
      mode: renderMode(vars),
      tools: vars.includes('tools'),
      insert: vars.includes('suffix'),
      renders,
    },
  };
}

/**
 * {@link compareTemplates}, with a Jinja template that fails to compile
 * reported as JINJA_INVALID at `jinjaFile`.
 */
export function compareWithJinja(
  jinjaFile: string,
  jinja: string,
  goTemplate: string,
  tokens: SpecialTokens,
  conversations: readonly SampleConversation[],
): ConversationComparison[] {
  try {
    return compareTemplates(jinja, goTemplate, tokens, conversations);
  } catch (err) {
    if (err instanceof MfcError) throw err;
    throw new MfcError('JINJA_INVALID', `${jinjaFile}: ${(err as Error).message}`, {
      location: { file: jinjaFile },
    });
  }
}

/** A comparison as text, one line per conversation and the first difference under each that differs. */
export function formatComparison(rows: readonly ConversationComparison[], s: Style): string {
  let out = '';
  for (const r of rows) {
    if (r.jinjaError) {
      out += `${s.dim('–')} ${r.conversation}: the Jinja template rejects it (${r.jinjaError})\n`;
      continue;
    }
    if (r.equal) {
      out += `${s.cyan('✓')} ${r.conversation}: identical\n`;
      continue;
    }
    out += `${s.red('✗')} ${r.conversation}: ${r.goError ? `Go template failed: ${r.goError}` : 'differ'}\n`;
    if (r.jinja !== undefined && r.go !== undefined)
      out += describeDifference(r.jinja, r.go) + '\n';
  }
  return out;
}
