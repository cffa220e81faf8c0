/**
 * Go chat template → Jinja chat template, for apps that read the template
 * from the GGUF (`tokenizer.chat_template`): LM Studio, Jan, GPT4All,
 * llama.cpp's server. The translation walks Go's parse tree (whitespace
 * trims are already applied there) and rebuilds Ollama's data model in a
 * Jinja prelude: `.System` (system messages joined by a blank line) and
 * `.Messages` (consecutive same-role messages collated). Constructs with no
 * faithful Jinja equivalent (JSON printing, `template`, `break`, dates, …)
 * are a `GoToJinjaError` naming the construct; `verifyTranslation` renders
 * both on sample conversations before a caller trusts the result.
 */
import {
  renderChat,
  renderJinja,
  sampleConversations,
  type SampleConversation,
  type SpecialTokens,
} from '@mfc/chat-templates';
import { MfcError } from '@mfc/diagnostics';
import { appsError } from './error-codes.js';
import { parseTemplate, type Node } from '@mfc/gotemplate';

export class GoToJinjaError extends MfcError {
  constructor(
    readonly construct: string,
    why: string,
  ) {
    super('TEMPLATE_NOT_TRANSLATABLE', `cannot translate ${construct} to Jinja: ${why}`, {
      hint: 'use a template from mfc’s library (mfc template list) or write the Jinja by hand',
    });
    this.name = 'GoToJinjaError';
  }
}

type Kind =
  | 'root'
  | 'string'
  | 'number'
  | 'bool'
  | 'messages'
  | 'message'
  | 'toolcalls'
  | 'toolcall'
  | 'function'
  | 'tools'
  | 'tool'
  | 'any';

interface Val {
  expr: string;
  kind: Kind;
}

const elementKind: Partial<Record<Kind, Kind>> = {
  messages: 'message',
  toolcalls: 'toolcall',
  tools: 'tool',
};

const fields: Partial<Record<Kind, Record<string, Val | string>>> = {
  root: {
    System: { expr: 'ns.system', kind: 'string' },
    Messages: { expr: 'ns.msgs', kind: 'messages' },
    Tools: { expr: 'tools', kind: 'tools' },
    Prompt: 'a legacy template (.Prompt/.Response) is rendered per exchange by Ollama',
    Response: 'a legacy template (.Prompt/.Response) is rendered per exchange by Ollama',
    Suffix: 'fill-in-the-middle templates are not chat templates',
    Think: 'the apps have no "think" switch',
    ThinkLevel: 'the apps have no "think" switch',
    IsThinkSet: 'the apps have no "think" switch',
  },
  message: {
    Role: { expr: 'role', kind: 'string' },
    Content: { expr: 'content', kind: 'string' },
    Thinking: { expr: 'thinking', kind: 'string' },
    ToolCalls: { expr: 'tool_calls', kind: 'toolcalls' },
    ToolName: { expr: 'name', kind: 'string' },
    ToolCallID: { expr: 'tool_call_id', kind: 'string' },
    Images: 'images are not part of a Jinja chat template',
  },
  toolcall: {
    ID: { expr: 'id', kind: 'string' },
    Function: { expr: 'function', kind: 'function' },
  },
  function: {
    Name: { expr: 'name', kind: 'string' },
    Index: { expr: 'index', kind: 'number' },
    Arguments: 'Go prints the arguments as compact JSON, which Jinja’s tojson does not',
  },
  tool: {
    Type: { expr: 'type', kind: 'string' },
    Function: { expr: 'function', kind: 'function' },
  },
};

/** Jinja's string literal for s. */
function lit(s: string): string {
  return (
    '"' +
    s
      .replace(/\\/g, '\\\\')
      .replace(/"/g, '\\"')
      .replace(/\n/g, '\\n')
      .replace(/\r/g, '\\r')
      .replace(/\t/g, '\\t') +
    '"'
  );
}

/**
 * Text goes out verbatim unless an engine could change it: a newline after a
 * block tag (trim_blocks), blanks before one (lstrip_blocks), or Jinja's own
 * delimiters. Then it is printed as a string literal.
 */
function textOut(s: string): string {
  if (s === '') return '';
  if (/[{}%#\n\r]/.test(s) || /^\s|\s$/.test(s)) return `{{ ${lit(s)} }}`;
  return s;
}

/** Builds Ollama's .System and collated .Messages; no whitespace, so no engine setting changes it. */
const PRELUDE =
  "{% set ns = namespace(system='', nsys=0, msgs=[]) %}" +
  '{% for m in messages %}' +
  "{% if m.role == 'system' %}" +
  "{% if ns.nsys > 0 %}{% set ns.system = ns.system + '\\n\\n' %}{% endif %}" +
  '{% set ns.system = ns.system + m.content %}{% set ns.nsys = ns.nsys + 1 %}' +
  '{% endif %}' +
  "{% if ns.msgs and ns.msgs[-1].role == m.role and m.role != 'tool' %}" +
  "{% set ns.msgs = ns.msgs[:-1] + [{'role': m.role, 'content': ns.msgs[-1].content + '\\n\\n' + m.content}] %}" +
  '{% else %}{% set ns.msgs = ns.msgs + [m] %}{% endif %}' +
  '{% endfor %}';

type BranchNode = Extract<Node, { elseList: unknown }>;

class Translator {
  private out: string[] = [];
  private depth = 0;
  /** Go variable → its Jinja expression and kind (`$` is the root). */
  private vars = new Map<string, Val>([['$', { expr: '', kind: 'root' }]]);
  private dot: Val = { expr: '', kind: 'root' };

  run(root: Node): string {
    this.list(root);
    return PRELUDE + this.out.join('');
  }

  private list(n: Node): void {
    if (n.type !== 'list') return this.node(n);
    for (const c of n.nodes) this.node(c);
  }

  private node(n: Node): void {
    switch (n.type) {
      case 'list':
        return this.list(n);
      case 'text':
        this.out.push(textOut(n.text));
        return;
      case 'comment':
        return;
      case 'action': {
        const pipe = n.pipe;
        if (pipe.decl.length > 0) {
          const v = this.pipe(pipe);
          for (const d of pipe.decl) this.assign(d.ident[0], v);
          return;
        }
        const v = this.pipe(pipe);
        if (v.kind !== 'string' && v.kind !== 'number' && v.kind !== 'any')
          throw new GoToJinjaError(
            `{{${pipe.toString()}}}`,
            `Go prints a ${v.kind} value differently from Jinja`,
          );
        this.out.push(`{{ ${v.expr} }}`);
        return;
      }
      case 'if':
      case 'with':
        return this.branch(n);
      case 'range':
        return this.range(n);
      case 'break':
      case 'continue':
        throw new GoToJinjaError(
          `{{${n.type}}}`,
          'Jinja has no break/continue without an extension',
        );
      case 'template':
        throw new GoToJinjaError(`{{template "${n.name}"}}`, 'sub-templates are not translated');
      default:
        throw new GoToJinjaError(n.toString(), `unexpected ${n.type} node`);
    }
  }

  private assign(name: string, v: Val): void {
    const jname = `ns.v_${name.slice(1).replace(/\W/g, '_')}`;
    if (
      v.kind === 'message' ||
      v.kind === 'toolcall' ||
      v.kind === 'tool' ||
      v.kind === 'function'
    ) {
      // An alias of a loop element: refer to it directly.
      this.vars.set(name, v);
      return;
    }
    this.out.push(`{% set ${jname} = ${v.expr} %}`);
    this.vars.set(name, { expr: jname, kind: v.kind });
  }

  private branch(n: BranchNode): void {
    if (n.pipe.decl.length > 0)
      throw new GoToJinjaError(
        `{{${n.type} ${n.pipe.toString()}}}`,
        'a declaration in a condition',
      );
    const v = this.pipe(n.pipe);
    this.out.push(`{% if ${v.expr} %}`);
    const saved = this.dot;
    if (n.type === 'with') this.dot = v;
    this.list(n.list);
    this.dot = saved;
    let els = n.elseList;
    // `else if` / `else with`: Go nests them; Jinja says elif.
    while (
      n.type === 'if' &&
      els &&
      els.nodes.length === 1 &&
      els.nodes[0].type === 'if' &&
      els.nodes[0].pipe.decl.length === 0
    ) {
      const inner = els.nodes[0] as BranchNode;
      this.out.push(`{% elif ${this.pipe(inner.pipe).expr} %}`);
      this.list(inner.list);
      els = inner.elseList;
    }
    if (els) {
      this.out.push('{% else %}');
      this.list(els);
    }
    this.out.push('{% endif %}');
  }

  private range(n: BranchNode): void {
    const v = this.pipe(n.pipe);
    const elem = elementKind[v.kind] ?? (v.kind === 'any' ? 'any' : undefined);
    if (!elem)
      throw new GoToJinjaError(`{{range ${n.pipe.toString()}}}`, `ranging over a ${v.kind} value`);
    const loopVar = `m${++this.depth}`;
    const saved = { dot: this.dot, vars: new Map(this.vars) };
    this.out.push(`{% for ${loopVar} in ${v.expr} %}`);
    const el: Val = { expr: loopVar, kind: elem };
    const decl = n.pipe.decl.map((d) => d.ident[0]);
    if (decl.length === 1) this.vars.set(decl[0], el);
    if (decl.length === 2) {
      this.assign(decl[0], { expr: 'loop.index0', kind: 'number' });
      this.vars.set(decl[1], el);
    }
    this.dot = el;
    this.list(n.list);
    this.dot = saved.dot;
    // Variables declared in the loop end with it; outer ones assigned inside keep their ns slot.
    for (const k of [...this.vars.keys()]) if (!saved.vars.has(k)) this.vars.delete(k);
    for (const [k, val] of saved.vars) this.vars.set(k, val);
    this.depth--;
    if (n.elseList) {
      this.out.push('{% else %}');
      this.list(n.elseList);
    }
    this.out.push('{% endfor %}');
  }

  private pipe(p: Extract<Node, { type: 'pipe' }>): Val {
    let prev: Val | undefined;
    for (const c of p.cmds) prev = this.command(c, prev);
    if (!prev) throw new GoToJinjaError(p.toString(), 'an empty pipeline');
    return prev;
  }

  private command(c: Extract<Node, { type: 'command' }>, piped?: Val): Val {
    const [head, ...rest] = c.args;
    if (head.type === 'identifier') {
      const args = rest.map((a) => this.operand(a));
      if (piped) args.push(piped);
      return this.call(head.ident, args, c.toString());
    }
    if (piped || rest.length > 0)
      throw new GoToJinjaError(c.toString(), 'calling a value that is not a function');
    return this.operand(head);
  }

  private call(fn: string, args: Val[], shown: string): Val {
    const bin = (op: string): Val => {
      if (args.length !== 2) throw new GoToJinjaError(shown, `${fn} takes two arguments`);
      return { expr: `(${args[0].expr} ${op} ${args[1].expr})`, kind: 'bool' };
    };
    switch (fn) {
      case 'eq':
        if (args.length < 2) throw new GoToJinjaError(shown, 'eq takes two or more arguments');
        return {
          expr:
            '(' +
            args
              .slice(1)
              .map((a) => `${args[0].expr} == ${a.expr}`)
              .join(' or ') +
            ')',
          kind: 'bool',
        };
      case 'ne':
        return bin('!=');
      case 'lt':
        return bin('<');
      case 'le':
        return bin('<=');
      case 'gt':
        return bin('>');
      case 'ge':
        return bin('>=');
      case 'and':
      case 'or':
        return {
          expr: '(' + args.map((a) => a.expr).join(` ${fn} `) + ')',
          kind: args.every((a) => a.kind === args[0].kind) ? args[0].kind : 'any',
        };
      case 'not':
        if (args.length !== 1) throw new GoToJinjaError(shown, 'not takes one argument');
        return { expr: `(not ${args[0].expr})`, kind: 'bool' };
      case 'len':
        if (args.length !== 1) throw new GoToJinjaError(shown, 'len takes one argument');
        return { expr: `(${args[0].expr}|length)`, kind: 'number' };
      case 'slice': {
        if (args.length < 1 || args.length > 3)
          throw new GoToJinjaError(shown, 'slice takes one to three arguments');
        const [x, i, j] = args;
        if (args.length === 3 && x.kind === 'string')
          throw new GoToJinjaError(shown, 'slicing a string by bytes');
        const range = args.length === 1 ? ':' : `${i.expr}:${j ? j.expr : ''}`;
        return { expr: `${x.expr}[${range}]`, kind: x.kind };
      }
      case 'index': {
        if (args.length !== 2) throw new GoToJinjaError(shown, 'index takes two arguments here');
        const elem = elementKind[args[0].kind] ?? 'any';
        return { expr: `${args[0].expr}[${args[1].expr}]`, kind: elem };
      }
      default:
        throw new GoToJinjaError(`the function "${fn}"`, 'it has no Jinja equivalent');
    }
  }

  private field(base: Val, names: string[], shown: string): Val {
    let v = base;
    for (const name of names) {
      const f = fields[v.kind]?.[name];
      if (f === undefined) throw new GoToJinjaError(shown, `.${name} of a ${v.kind} value`);
      if (typeof f === 'string') throw new GoToJinjaError(shown, f);
      v = { expr: v.expr === '' ? f.expr : `${v.expr}.${f.expr}`, kind: f.kind };
    }
    return v;
  }

  private operand(a: Node): Val {
    switch (a.type) {
      case 'field':
        return this.field(this.dot, a.ident, a.toString());
      case 'variable': {
        const [name, ...rest] = a.ident;
        const v = this.vars.get(name);
        if (!v) throw new GoToJinjaError(a.toString(), 'an undefined variable');
        return this.field(v, rest, a.toString());
      }
      case 'dot':
        if (this.dot.kind === 'root') throw new GoToJinjaError('.', 'the root data as a value');
        return this.dot;
      case 'string':
        return { expr: lit(a.text), kind: 'string' };
      case 'number':
        if (!a.isInt) throw new GoToJinjaError(a.text, 'only integer constants are translated');
        return { expr: String(a.int64), kind: 'number' };
      case 'bool':
        return { expr: a.value ? 'true' : 'false', kind: 'bool' };
      case 'nil':
        throw new GoToJinjaError('nil', 'Go’s nil');
      case 'pipe':
        if (a.decl.length > 0)
          throw new GoToJinjaError(a.toString(), 'a declaration in parentheses');
        return this.pipe(a);
      case 'chain': {
        const base = this.operand(a.node);
        return this.field(base, a.field, a.toString());
      }
      case 'identifier':
        return this.call(a.ident, [], a.ident);
      default:
        throw new GoToJinjaError(a.toString(), `unexpected ${a.type} node`);
    }
  }
}

/**
 * Translates a messages-mode Go chat template (Ollama's `.Messages`) into a
 * Jinja chat template that renders the same prompt from the same messages.
 * Throws GoToJinjaError naming the first construct it cannot translate.
 */
export function goTemplateToJinja(goTemplate: string): string {
  const t = parseTemplate(goTemplate);
  if (t.trees.size > 1)
    throw new GoToJinjaError('{{define}}/{{block}}', 'sub-templates are not translated');
  const vars = t.vars();
  if (!vars.includes('messages') && (vars.includes('prompt') || vars.includes('response')))
    throw new GoToJinjaError(
      '.Prompt/.Response',
      'a legacy template is rendered per exchange by Ollama; only .Messages templates translate',
    );
  return new Translator().run(t.tree.root);
}

export interface TranslationCheck {
  conversation: string;
  go: string;
  jinja?: string;
  jinjaError?: string;
  equal: boolean;
}

/**
 * Renders the Go template (Ollama's engine) and the Jinja (`@huggingface/jinja`)
 * on the conversations the Go template renders without error; all must be equal.
 */
export function checkTranslation(
  goTemplate: string,
  jinja: string,
  conversations: readonly SampleConversation[] = translationConversations,
  tokens: SpecialTokens = {},
): TranslationCheck[] {
  const checks: TranslationCheck[] = [];
  for (const c of conversations) {
    const g = renderChat(goTemplate, c.values);
    if (g.error) continue;
    const r: TranslationCheck = { conversation: c.name, go: g.output, equal: false };
    try {
      r.jinja = renderJinja(jinja, c.values, tokens);
      r.equal = r.jinja === r.go;
    } catch (e) {
      r.jinjaError = e instanceof Error ? e.message : String(e);
    }
    checks.push(r);
  }
  return checks;
}

/** goTemplateToJinja, then checkTranslation: throws unless every conversation renders the same. */
export function translateVerified(
  goTemplate: string,
  conversations: readonly SampleConversation[] = translationConversations,
): string {
  const jinja = goTemplateToJinja(goTemplate);
  const checks = checkTranslation(goTemplate, jinja, conversations);
  const bad = checks.find((c) => !c.equal);
  if (checks.length === 0)
    throw new GoToJinjaError('the template', 'it renders none of the sample conversations');
  if (bad)
    throw appsError(
      'TEMPLATE_TRANSLATION_DIFFERS',
      `the Jinja translation renders the "${bad.conversation}" conversation differently from the Go template` +
        (bad.jinjaError ? ` (Jinja error: ${bad.jinjaError})` : ''),
      { hint: 'use a template from mfc’s library or write the Jinja by hand' },
    );
  return jinja;
}

const u = (content: string) => ({ role: 'user', content });
const a = (content: string) => ({ role: 'assistant', content });

/** Plain-text conversations a translation is checked on: system, multi-turn, assistant last, collation. */
export const translationConversations: readonly SampleConversation[] = [
  ...sampleConversations.filter((c) => c.forMatching),
  {
    name: 'assistant-last',
    values: { messages: [{ role: 'system', content: 'Be brief.' }, u('Hi'), a('Hello!')] },
    forMatching: true,
  },
  {
    name: 'long-multi-turn',
    values: {
      messages: [u('One'), a('1'), u('Two'), a('2'), u('Three {{ braces }} and {% percent %}')],
    },
    forMatching: true,
  },
  {
    name: 'two-systems-and-collated-users',
    values: {
      messages: [
        { role: 'system', content: 'First rule.' },
        { role: 'system', content: 'Second rule.' },
        u('Part one.'),
        u('Part two.'),
      ],
    },
    forMatching: true,
  },
  { name: 'empty', values: { messages: [] }, forMatching: true },
];
