/**
 * Jinja chat template → Go chat template (Ollama's data model), for models
 * whose Hugging Face template matches none of mfc's library. The translation
 * walks @huggingface/jinja's parse tree (its whitespace control is already
 * applied there) and maps `messages` to `$.Messages` (`.Role`, `.Content`),
 * `loop.*` to the range index, `bos_token`/`eos_token` to their text,
 * `add_generation_prompt` to true (as mfc's comparisons render the Jinja),
 * `set` to Go variables declared where Jinja's scope begins, namespaces to one
 * variable per attribute, `messages[-1]` to a variable a range fills, and
 * branches that only `raise_exception` to nothing (Jinja refuses that
 * conversation; Go renders the others the same). A BOS written before anything
 * else is left to the tokenizer, as Ollama's templates do. Tools are not
 * translated (the template renders as if none were given, and does not claim
 * them, so Ollama refuses tool requests). Constructs with no faithful Go
 * equivalent (macros, JSON, dates, string methods, arithmetic on values,
 * counting from the end, …) are a `JinjaToGoError` naming the construct and
 * its line and column. Where Go cannot do exactly what Jinja does (trimming,
 * none held as "") the result carries a note. `translateJinjaVerified` renders
 * both on sample conversations before a caller trusts the result.
 */
import { Template as JinjaTemplate } from '@huggingface/jinja';
import { InternalError, LineIndex, MfcError, type Range } from '@mfc/diagnostics';
import { parseTemplate } from '@mfc/gotemplate';
import type { ChatValues } from './ollama.js';
import { sampleConversations, type SampleConversation } from './samples.js';
import {
  compareTemplates,
  describeDifference,
  type ConversationComparison,
  type SpecialTokens,
} from './select.js';

export class JinjaToGoError extends MfcError {
  constructor(
    readonly construct: string,
    why: string,
    range?: Range,
  ) {
    const at = range ? ` (line ${range.start.line}, column ${range.start.column})` : '';
    super('JINJA_NOT_TRANSLATABLE', `cannot translate ${construct}${at} to Go: ${why}`, {
      hint: 'write the Go template by hand and check it with `mfc template compare`',
      ...(range ? { location: { range } } : {}),
    });
    this.name = 'JinjaToGoError';
  }
}

/** A parse-tree node of @huggingface/jinja (its AST classes are not exported). */
type J = any;

type Ty =
  | 'string'
  | 'int'
  | 'bool'
  | 'none'
  | 'undefined'
  | 'messages'
  | 'message'
  | 'namespace'
  | 'unknown';

type Const = string | number | boolean | null | undefined;

interface V {
  /** A Go operand: `$x`, `$x.Role`, `"text"`, `(eq $a "b")`. */
  go: string;
  ty: Ty;
  /** Known at translation time. */
  konst?: boolean;
  value?: Const;
  /** A Go variable's flag telling whether Jinja has set it (for `is defined`). */
  defFlag?: string;
  /** `(not X)`: X, so a double negation cancels out. */
  negated?: V;
  /** `(print A B …)`: its operands, so concatenations print flat. */
  printArgs?: string[];
  maybeNone?: boolean;
}

interface VarInfo {
  go: string;
  ty: Ty;
  defFlag?: string;
  /** Assigned none somewhere (Go holds it as ""). */
  maybeNone?: boolean;
}

interface LoopInfo {
  index: string;
  iter: string;
  /** The Go variable holding the previous item, once `loop.previtem` (or X[loop.index0 - 1]) is used. */
  prev?: string;
  loopVar?: string;
}

class Scope {
  readonly vars = new Map<string, VarInfo>();
  constructor(
    readonly parent?: Scope,
    readonly loop?: LoopInfo,
  ) {}
  lookup(name: string): VarInfo | undefined {
    return this.vars.get(name) ?? this.parent?.lookup(name);
  }
  nearestLoop(): LoopInfo | undefined {
    return this.loop ?? this.parent?.nearestLoop();
  }
}

export interface JinjaToGoResult {
  /** The Go template (Ollama's chat data model). */
  template: string;
  /** Where the translation is not exact for every input (shown to the user). */
  notes: string[];
}

const konst = (value: Const): V => ({
  go: goLiteral(value),
  ty:
    value === undefined
      ? 'undefined'
      : value === null
        ? 'none'
        : typeof value === 'string'
          ? 'string'
          : typeof value === 'number'
            ? 'int'
            : 'bool',
  konst: true,
  value,
});

function goLiteral(value: Const): string {
  if (value === undefined || value === null) return '""';
  if (typeof value === 'string') return JSON.stringify(value);
  return String(value);
}

function truthy(value: Const): boolean {
  return !(value === undefined || value === null || value === '' || value === 0 || value === false);
}

/** Jinja's str() of a constant. */
function jinjaString(value: Const): string {
  if (value === undefined) return '';
  if (value === null) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  return String(value);
}

function isRaise(n: J): boolean {
  return (
    n.type === 'CallExpression' &&
    n.callee.type === 'Identifier' &&
    n.callee.value === 'raise_exception'
  );
}

/** Statements that always raise when reached. */
function raises(body: J[]): boolean {
  return body.some(isRaise);
}

function propName(n: J): string | undefined {
  if (!n.computed && n.property.type === 'Identifier') return n.property.value;
  if (n.computed && n.property.type === 'StringLiteral') return n.property.value;
  return undefined;
}

/** Names a `set` assigns in this scope (not in nested loops, which are scopes of their own). */
function assignedNames(body: J[], out = new Set<string>()): Set<string> {
  for (const s of body) {
    if (s.type === 'Set' && s.assignee.type === 'Identifier') out.add(s.assignee.value);
    else if (s.type === 'If') {
      assignedNames(s.body, out);
      assignedNames(s.alternate, out);
    }
  }
  return out;
}

/** Replaces one node of an expression tree (by identity) with another, copying the path to it. */
function substitute(n: J, target: J, repl: J): J {
  if (n === target) return repl;
  if (n === null || typeof n !== 'object') return n;
  if (Array.isArray(n)) return n.map((c) => substitute(c, target, repl));
  if (n instanceof Map) return n;
  const out: J = {};
  for (const [k, v] of Object.entries(n)) out[k] = substitute(v, target, repl);
  return out;
}

/** The first conditional expression in an expression tree, if any. */
function findTernary(n: J): J | undefined {
  if (n === null || typeof n !== 'object' || n instanceof Map) return undefined;
  if (Array.isArray(n)) {
    for (const c of n) {
      const t = findTernary(c);
      if (t) return t;
    }
    return undefined;
  }
  if (n.type === 'Ternary') return n;
  for (const [k, v] of Object.entries(n)) {
    if (k === 'operator') continue;
    const t = findTernary(v);
    if (t) return t;
  }
  return undefined;
}

const LEADING_BOS_NOTE = 'the leading BOS token is left to the tokenizer, as in Ollama’s templates';

type StartState = 'yes' | 'no' | { firstIteration: string };

class Translator {
  private out: string[] = [];
  private text = '';
  private names = new Map<string, number>();
  private namespaceAttrs = new Map<string, Set<string>>();
  private definedTested = new Set<string>();
  /** Macros are refused where they are called (templates define some only for tools). */
  private macros = new Set<string>();
  private loopCount = 0;
  readonly notes = new Set<string>();
  /** Whether nothing has been written yet (a leading BOS is left to the tokenizer, as Ollama does). */
  private start: StartState = 'yes';

  constructor(
    private readonly source: string,
    private readonly tokens: SpecialTokens,
  ) {}

  run(program: J): string {
    this.prepass(program.body);
    const scope = new Scope();
    this.declare(program.body, scope, undefined);
    this.block(program.body, scope);
    this.flush(false);
    // messages[-1]: Go's index cannot count from the end; a range keeps the last one.
    const last = this.lastMessage
      ? `{{ ${this.lastMessage} := "" }}{{ range $.Messages }}{{ ${this.lastMessage} = . }}{{ end }}`
      : '';
    return last + this.out.join('');
  }

  private previous(loop: LoopInfo): V {
    loop.prev ??= this.goName('previous');
    return { go: loop.prev, ty: 'message' };
  }

  /** The Go variable holding the last message, once `messages[-1]` is used. */
  private lastMessage: string | undefined;

  private lastOf(obj: V): V {
    if (obj.go !== '$.Messages')
      this.fail('the last of a slice of the messages', 'only messages[-1] is translated', '[-1]');
    this.lastMessage ??= this.goName('last_message');
    return { go: this.lastMessage, ty: 'message' };
  }

  // ---- errors and positions ----

  private fail(construct: string, why: string, needle?: string): never {
    throw new JinjaToGoError(construct, why, this.locate(needle ?? construct));
  }

  /** Where `needle` first occurs inside a Jinja tag (the parse tree has no positions). */
  private locate(needle: string): Range | undefined {
    const re = /\{[{%]([\s\S]*?)[}%]\}/g;
    let m: RegExpExecArray | null;
    while ((m = re.exec(this.source))) {
      if (/^[-+]?\s*macro\b/.test(m[1])) continue;
      const i = m[1].indexOf(needle);
      if (i >= 0) {
        const lines = new LineIndex(this.source);
        const offset = m.index + 2 + i;
        return { start: lines.positionAt(offset), end: lines.positionAt(offset + needle.length) };
      }
    }
    return undefined;
  }

  // ---- output ----

  private emitText(s: string): void {
    if (s === '') return;
    this.text += s;
    this.started();
  }

  private emitAction(action: string): void {
    this.flush(true);
    this.out.push(`{{ ${action} }}`);
  }

  /** Writes pending text; `{{` inside it, or a `{` right before an action, goes out as a string. */
  private flush(beforeAction: boolean): void {
    let t = this.text;
    this.text = '';
    if (t === '') return;
    let tail = '';
    if (beforeAction && t.endsWith('{')) {
      t = t.slice(0, -1);
      tail = '{{ "{" }}';
    }
    this.out.push(t.split('{{').join('{{ "{{" }}') + tail);
  }

  private started(): void {
    this.start = 'no';
  }

  // ---- names and scopes ----

  private goName(jinjaName: string): string {
    const base = '$' + jinjaName.replace(/[^A-Za-z0-9_]/g, '_');
    const n = this.names.get(base) ?? 0;
    this.names.set(base, n + 1);
    return n === 0 ? base : `${base}${n + 1}`;
  }

  private prepass(body: J[]): void {
    const walk = (n: J): void => {
      if (n === null || typeof n !== 'object' || n instanceof Map) return;
      if (Array.isArray(n)) return n.forEach(walk);
      if (n.type === 'Macro') {
        this.macros.add(n.name.value);
        return;
      }
      if (n.type === 'Set' && n.assignee.type === 'MemberExpression') {
        const obj = n.assignee.object;
        const p = propName(n.assignee);
        if (obj.type === 'Identifier' && p) this.nsAttr(obj.value, p);
      }
      if (
        n.type === 'Set' &&
        n.assignee.type === 'Identifier' &&
        n.value?.type === 'CallExpression'
      ) {
        const c = n.value;
        if (c.callee.type === 'Identifier' && c.callee.value === 'namespace')
          for (const a of c.args)
            if (a.type === 'KeywordArgumentExpression') this.nsAttr(n.assignee.value, a.key.value);
      }
      if (n.type === 'TestExpression' && n.operand.type === 'Identifier')
        this.definedTested.add(n.operand.value);
      if (n.type === 'FilterExpression' && n.operand.type === 'Identifier')
        this.definedTested.add(n.operand.value);
      for (const [k, v] of Object.entries(n)) if (k !== 'operator') walk(v);
    };
    walk(body);
  }

  private nsAttr(ns: string, attr: string): void {
    let s = this.namespaceAttrs.get(ns);
    if (!s) this.namespaceAttrs.set(ns, (s = new Set()));
    s.add(attr);
  }

  /**
   * Declares, where a Jinja scope begins, the Go variables for what `set`
   * assigns in it (Go scopes variables to blocks; Jinja's `if` has none).
   * A loop's variables start with the outer value of the same name, as in Jinja.
   */
  private declare(body: J[], scope: Scope, outer: Scope | undefined): void {
    for (const name of assignedNames(body)) {
      const prev = outer?.lookup(name);
      // A variable named like a global (`add_generation_prompt`) starts with its value.
      const global = prev ? undefined : this.identifier(name, new Scope());
      const go = this.goName(name);
      const info: VarInfo = { go, ty: prev?.ty ?? global!.ty, maybeNone: prev?.maybeNone };
      this.emitAction(`${go} := ${prev ? prev.go : global!.go}`);
      if (this.definedTested.has(name)) {
        info.defFlag = `${go}_set`;
        const defined = prev ? 'true' : String(!(global!.konst && global!.value === undefined));
        this.emitAction(`${info.defFlag} := ${prev?.defFlag ?? defined}`);
      }
      scope.vars.set(name, info);
      for (const attr of this.namespaceAttrs.get(name) ?? []) {
        const a = this.goName(`${name}_${attr}`);
        const prevAttr = outer?.lookup(`${name}.${attr}`);
        this.emitAction(`${a} := ${prevAttr ? prevAttr.go : '""'}`);
        scope.vars.set(`${name}.${attr}`, {
          go: a,
          ty: prevAttr?.ty ?? 'undefined',
          maybeNone: prevAttr?.maybeNone,
        });
      }
    }
  }

  // ---- statements ----

  private block(body: J[], scope: Scope): void {
    for (const s of body) this.statement(s, scope);
  }

  private statement(n: J, scope: Scope): void {
    switch (n.type) {
      case 'Comment':
        return;
      case 'If':
        return this.ifStatement(n, scope);
      case 'For':
        return this.forStatement(n, scope);
      case 'Set':
        return this.setStatement(n, scope);
      case 'Macro':
        return;
      case 'Break':
      case 'Continue':
        return this.fail(
          `{% ${n.type.toLowerCase()} %}`,
          'loop control is not translated',
          n.type.toLowerCase(),
        );
      case 'CallStatement':
        return this.fail('{% call %}', 'macros are not translated', 'call');
      case 'FilterStatement':
        return this.fail('{% filter %}', 'filter blocks are not translated', 'filter');
      default:
        if (isRaise(n))
          return this.fail(
            'raise_exception',
            'the template raises on every conversation that reaches it',
          );
        return this.output(n, scope);
    }
  }

  private ifStatement(n: J, scope: Scope): void {
    // if / elif chain, then the else.
    const branches: { test: V; body: J[] }[] = [];
    let elseBody: J[] | undefined;
    let cur: J = n;
    for (;;) {
      // A branch that raises: Jinja refuses those conversations, so it needs no Go.
      if (!raises(cur.body)) {
        const test = this.expr(cur.test, scope);
        if (test.konst) {
          if (truthy(test.value)) {
            elseBody = cur.body;
            break;
          }
        } else branches.push({ test, body: cur.body });
      }
      const alt = cur.alternate;
      if (alt.length === 1 && alt[0].type === 'If') {
        cur = alt[0];
        continue;
      }
      if (alt.length > 0 && !raises(alt)) elseBody = alt;
      break;
    }
    if (branches.length === 0) {
      if (elseBody) this.block(elseBody, scope);
      return;
    }
    const start0 = this.start;
    const ends: StartState[] = [];
    branches.forEach((b, i) => {
      this.emitAction(`${i === 0 ? 'if' : 'else if'} ${b.test.go}`);
      this.start = start0;
      this.block(b.body, scope);
      ends.push(this.start);
    });
    if (elseBody) {
      this.emitAction('else');
      this.start = start0;
      this.block(elseBody, scope);
      ends.push(this.start);
    }
    this.emitAction('end');
    this.start = ends.every((e) => e === start0) ? start0 : 'no';
  }

  private forStatement(n: J, scope: Scope): void {
    if (n.loopvar.type !== 'Identifier')
      this.fail('a for loop over pairs', 'only `for x in messages` loops are translated', 'for');
    let iterable = n.iterable;
    let filter: J | undefined;
    if (iterable.type === 'SelectExpression') {
      filter = iterable.test;
      iterable = iterable.lhs;
      if (JSON.stringify(n.body).includes('"value":"loop"') || n.defaultBlock.length > 0)
        this.fail(
          'a filtered for loop using loop.*',
          'Go’s range index counts every message',
          'for',
        );
    }
    const it = this.expr(iterable, scope);
    // A loop over what the data model never has (a message's tool_calls): only its else runs.
    if (it.konst && (it.value === undefined || it.value === null)) {
      this.block(n.defaultBlock, scope);
      return;
    }
    if (it.ty !== 'messages')
      this.fail(
        `a for loop over ${describe(iterable)}`,
        'only loops over the messages are translated',
        'for',
      );
    const index = `$idx${++this.loopCount}`;
    const v = this.goName(n.loopvar.value);
    const loop: LoopInfo = { index, iter: it.go, loopVar: v };
    const inner = new Scope(scope, loop);
    this.declare(n.body, inner, scope);
    inner.vars.set(n.loopvar.value, { go: v, ty: 'message' });
    const start0 = this.start;
    // Filled in once the body is translated: the previous item's variable, if the body uses it.
    this.flush(true);
    const prevDeclAt = this.out.push('') - 1;
    this.emitAction(`range ${index}, ${v} := ${it.go}`);
    this.start = start0 === 'yes' ? { firstIteration: index } : 'no';
    if (filter) {
      const t = this.expr(filter, inner);
      this.emitAction(`if ${t.go}`);
      this.block(n.body, inner);
      this.emitAction('end');
    } else this.block(n.body, inner);
    if (loop.prev) {
      this.out[prevDeclAt] = `{{ ${loop.prev} := "" }}`;
      this.emitAction(`${loop.prev} = ${v}`);
    }
    const bodyEnd = this.start;
    let elseEnd: StartState = start0;
    if (n.defaultBlock.length > 0) {
      this.emitAction('else');
      this.start = start0;
      this.block(n.defaultBlock, scope);
      elseEnd = this.start;
    }
    this.emitAction('end');
    this.start =
      start0 === 'yes' && typeof bodyEnd === 'object' && elseEnd === 'yes' ? 'yes' : 'no';
  }

  private setStatement(n: J, scope: Scope): void {
    if (n.value === null)
      this.fail('{% set %}…{% endset %}', 'block assignments are not translated', 'set');
    const target = n.assignee;
    let info: VarInfo | undefined;
    if (target.type === 'Identifier') info = scope.lookup(target.value);
    else if (target.type === 'MemberExpression' && target.object.type === 'Identifier') {
      const p = propName(target);
      if (p) info = scope.lookup(`${target.object.value}.${p}`);
    } else
      this.fail(`the assignment to ${describe(target)}`, 'only simple variables are set', 'set');
    if (!info)
      this.fail(
        `the assignment to ${describe(target)}`,
        'it is not an attribute of a namespace() of this scope',
        'set',
      );
    this.assign(info, n.value, scope, target.type === 'Identifier' ? target.value : undefined);
  }

  private assign(info: VarInfo, value: J, scope: Scope, name: string | undefined): void {
    const tern = findTernary(value);
    if (tern) {
      const c = this.expr(tern.condition, scope);
      const yes = substitute(value, tern, tern.trueExpr);
      const no = substitute(value, tern, tern.falseExpr);
      if (c.konst) return this.assign(info, truthy(c.value) ? yes : no, scope, name);
      this.emitAction(`if ${c.go}`);
      this.assign(info, yes, scope, name);
      this.emitAction('else');
      this.assign(info, no, scope, name);
      this.emitAction('end');
      return;
    }
    if (
      value.type === 'CallExpression' &&
      value.callee.type === 'Identifier' &&
      value.callee.value === 'namespace'
    ) {
      const given = new Map<string, J>();
      for (const a of value.args) {
        if (a.type !== 'KeywordArgumentExpression')
          this.fail(
            'namespace() with a positional argument',
            'only keyword arguments are translated',
            'namespace',
          );
        given.set(a.key.value, a.value);
      }
      for (const attr of this.namespaceAttrs.get(name!) ?? []) {
        const a = scope.lookup(`${name}.${attr}`)!;
        const init = given.get(attr);
        const v = init ? this.expr(init, scope) : konst(undefined);
        this.emitAction(`${a.go} = ${v.go}`);
        a.ty = union(a.ty, v.ty);
        if (v.ty === 'none' || v.maybeNone) a.maybeNone = true;
      }
      info.ty = 'namespace';
    } else {
      const bos = this.leadingBos(value, scope);
      if (bos && this.start !== 'no') {
        // `set content = bos_token + …` before anything is written (Llama 3): the
        // tokenizer adds that BOS; a wrong guess shows up as a different prompt.
        this.notes.add(LEADING_BOS_NOTE);
        const stripped = substitute(value, bos, { type: 'StringLiteral', value: '' });
        if (this.start === 'yes') return this.assign(info, stripped, scope, name);
        this.emitAction(`if ${this.start.firstIteration}`);
        this.assignValue(info, value, scope);
        this.emitAction('else');
        this.assignValue(info, stripped, scope);
        this.emitAction('end');
      } else this.assignValue(info, value, scope);
    }
    if (info.defFlag) this.emitAction(`${info.defFlag} = true`);
  }

  private assignValue(info: VarInfo, value: J, scope: Scope): void {
    const v = this.expr(value, scope);
    this.emitAction(`${info.go} = ${v.go}`);
    info.ty = union(info.ty, v.ty);
    if (v.ty === 'none' || v.maybeNone) info.maybeNone = true;
  }

  /** The `bos_token` a concatenation starts with, if it does. */
  private leadingBos(n: J, scope: Scope): J | undefined {
    let cur = n;
    while (cur.type === 'BinaryExpression' && ['+', '~'].includes(cur.operator.value))
      cur = cur.left;
    if (cur === n) return undefined;
    return cur.type === 'Identifier' &&
      cur.value === 'bos_token' &&
      this.tokens.bos &&
      !scope.lookup('bos_token')
      ? cur
      : undefined;
  }

  /** `{{ expr }}`: concatenations print piece by piece, conditionals become if/else. */
  private output(n: J, scope: Scope, inConcat = false): void {
    if (n.type === 'BinaryExpression' && (n.operator.value === '~' || n.operator.value === '+')) {
      const l = this.tyOf(n.left, scope);
      const r = this.tyOf(n.right, scope);
      if (n.operator.value === '~' || concatenable(l, r)) {
        this.output(n.left, scope, n.operator.value === '+');
        this.output(n.right, scope, n.operator.value === '+');
        return;
      }
    }
    if (n.type === 'Ternary') {
      const c = this.expr(n.condition, scope);
      if (c.konst) return this.output(truthy(c.value) ? n.trueExpr : n.falseExpr, scope);
      const start0 = this.start;
      this.emitAction(`if ${c.go}`);
      this.output(n.trueExpr, scope, inConcat);
      const e1 = this.start;
      this.start = start0;
      this.emitAction('else');
      this.output(n.falseExpr, scope, inConcat);
      this.emitAction('end');
      this.start = e1 === start0 && this.start === start0 ? start0 : 'no';
      return;
    }
    if (
      n.type === 'Identifier' &&
      n.value === 'bos_token' &&
      this.tokens.bos &&
      !scope.lookup('bos_token')
    ) {
      const s = this.start;
      if (s === 'yes') {
        this.notes.add(LEADING_BOS_NOTE);
        return;
      }
      if (typeof s === 'object') {
        this.notes.add(LEADING_BOS_NOTE);
        this.emitAction(`if ${s.firstIteration}`);
        this.emitText(this.tokens.bos);
        this.emitAction('end');
        this.started();
        return;
      }
    }
    const v = this.expr(n, scope);
    if (v.konst) {
      if (v.value === null)
        this.fail('printing none', 'Jinja prints None where Go prints nothing', 'none');
      this.emitText(jinjaString(v.value));
      return;
    }
    // Inside `a + b` Jinja succeeds only on strings, so whatever it printed was one.
    if (v.ty !== 'string' && v.ty !== 'int' && !(inConcat && v.ty === 'unknown'))
      this.fail(`printing ${describe(n)}`, `a ${v.ty} prints differently in Go`);
    this.emitAction(v.go);
    this.started();
  }

  // ---- expressions ----

  /** An expression's kind, without failing (the caller translates it later). */
  private tyOf(n: J, scope: Scope): Ty {
    const notes = [...this.notes];
    try {
      return this.expr(n, scope).ty;
    } catch (e) {
      if (e instanceof JinjaToGoError) return 'unknown';
      throw e;
    } finally {
      this.notes.clear();
      for (const x of notes) this.notes.add(x);
    }
  }

  private expr(n: J, scope: Scope): V {
    switch (n.type) {
      case 'StringLiteral':
      case 'IntegerLiteral':
      case 'FloatLiteral':
        return konst(n.value);
      case 'Identifier':
        return this.identifier(n.value, scope);
      case 'MemberExpression':
        return this.member(n, scope);
      case 'CallExpression':
        return this.call(n, scope);
      case 'BinaryExpression':
        return this.binary(n, scope);
      case 'UnaryExpression':
        return this.unary(n, scope);
      case 'TestExpression':
        return this.test(n, scope);
      case 'FilterExpression':
        return this.filterExpr(n, scope);
      case 'Ternary': {
        const c = this.expr(n.condition, scope);
        if (c.konst) return this.expr(truthy(c.value) ? n.trueExpr : n.falseExpr, scope);
        return this.fail('a conditional expression here', 'Go has no conditional expression', 'if');
      }
      default:
        return this.fail(describe(n), 'not supported in a translated template', undefined);
    }
  }

  private identifier(name: string, scope: Scope): V {
    const v = scope.lookup(name);
    if (v) return { go: v.go, ty: v.ty, defFlag: v.defFlag, maybeNone: v.maybeNone };
    switch (name) {
      case 'messages':
        return { go: '$.Messages', ty: 'messages' };
      case 'bos_token':
        return konst(this.tokens.bos ?? '');
      case 'eos_token':
        return konst(this.tokens.eos ?? '');
      case 'add_generation_prompt':
        return konst(true);
      case 'true':
      case 'True':
        return konst(true);
      case 'false':
      case 'False':
        return konst(false);
      case 'none':
      case 'None':
        return konst(null);
      case 'tools':
      case 'documents':
      case 'custom_tools':
        this.notes.add(
          'tool definitions are not translated: the template renders as if no tools were given',
        );
        return konst(undefined);
      case 'loop':
        return this.fail('loop', 'loop is used outside a for loop or as a value');
      case 'namespace':
      case 'raise_exception':
      case 'range':
      case 'strftime_now':
        return this.fail(`${name}()`, 'not translated', name);
      default:
        // Everything else is undefined for a chat rendering (transformers passes only these).
        return konst(undefined);
    }
  }

  private member(n: J, scope: Scope): V {
    const p = propName(n);
    if (n.object.type === 'Identifier' && n.object.value === 'loop' && !scope.lookup('loop')) {
      const loop = scope.nearestLoop();
      if (!loop) this.fail('loop', 'loop.* outside a for loop');
      switch (p) {
        case 'index0':
          return { go: loop.index, ty: 'int' };
        case 'first':
          return { go: `(eq ${loop.index} 0)`, ty: 'bool' };
        case 'last':
          return { go: `(eq (len (slice ${loop.iter} ${loop.index})) 1)`, ty: 'bool' };
        case 'length':
          return { go: `(len ${loop.iter})`, ty: 'int' };
        case 'revindex':
          return { go: `(len (slice ${loop.iter} ${loop.index}))`, ty: 'int' };
        case 'previtem':
          return this.previous(loop);
        case 'nextitem':
          return { go: `(index (slice ${loop.iter} ${loop.index}) 1)`, ty: 'message' };
        default:
          return this.fail(
            `loop.${p ?? '?'}`,
            'Go templates have no arithmetic to compute it',
            `loop.${p}`,
          );
      }
    }
    const obj = this.expr(n.object, scope);
    if (obj.konst && obj.ty === 'undefined') return konst(undefined);
    if (obj.ty === 'namespace' && n.object.type === 'Identifier' && p) {
      const a = scope.lookup(`${n.object.value}.${p}`);
      if (a) return { go: a.go, ty: a.ty, maybeNone: a.maybeNone };
      return konst(undefined);
    }
    if (obj.ty === 'message' && p !== undefined) {
      const field = messageFields[p];
      if (field === undefined) return konst(undefined);
      if (field === null) {
        this.notes.add('tool calls are not translated: assistant messages render their text only');
        return konst(undefined);
      }
      return { go: `${obj.go}.${field}`, ty: 'string' };
    }
    if (obj.ty === 'messages' && n.computed) {
      if (n.property.type === 'SliceExpression') {
        const sl = n.property;
        if (sl.step) this.fail('a slice with a step', 'Go’s slice has no step', '::');
        const a = sl.start ? this.expr(sl.start, scope) : konst(0);
        const b = sl.stop ? this.expr(sl.stop, scope) : undefined;
        for (const x of [a, b])
          if (x && (x.ty !== 'int' || (x.konst && (x.value as number) < 0)))
            this.fail(
              'a slice of the messages with a negative or computed bound',
              'Go’s slice cannot count from the end',
              '[',
            );
        return { go: `(slice ${obj.go} ${a.go}${b ? ' ' + b.go : ''})`, ty: 'messages' };
      }
      // X[loop.index0 + k] is (slice X $idx)[k]; X[loop.index0 - 1] the loop's previous item.
      const q = n.property;
      if (
        q.type === 'BinaryExpression' &&
        isLoopIndex0(q.left, scope) &&
        q.right.type === 'IntegerLiteral'
      ) {
        const loop = scope.nearestLoop()!;
        const k: number =
          q.operator.value === '+'
            ? q.right.value
            : q.operator.value === '-'
              ? -q.right.value
              : NaN;
        if (k >= 0) return { go: `(index (slice ${obj.go} ${loop.index}) ${k})`, ty: 'message' };
        if (k === -1 && obj.go === loop.iter) return this.previous(loop);
      }
      const i = this.expr(n.property, scope);
      if (i.konst && i.value === -1) return this.lastOf(obj);
      if (i.ty !== 'int' || (i.konst && (i.value as number) < 0))
        this.fail(
          `messages[${i.konst ? String(i.value) : '…'}]`,
          'Go’s index cannot count from the end',
          i.konst ? `[${String(i.value)}]` : '[',
        );
      return { go: `(index ${obj.go} ${i.go})`, ty: 'message' };
    }
    return this.fail(describe(n), `a ${obj.ty} has no such member in Ollama’s data model`, p);
  }

  private call(n: J, scope: Scope): V {
    if (n.callee.type === 'MemberExpression') {
      const method = propName(n.callee);
      const obj = this.expr(n.callee.object, scope);
      if (method && ['strip', 'lstrip', 'rstrip'].includes(method) && n.args.length === 0)
        return this.trim(obj, method);
      if (method && ['upper', 'lower', 'title', 'capitalize'].includes(method) && obj.konst)
        return konst(caseChange(jinjaString(obj.value), method));
      return this.fail(
        `.${method ?? '?'}()`,
        'string methods other than strip() are not translated',
        `.${method}(`,
      );
    }
    const name = n.callee.type === 'Identifier' ? n.callee.value : describe(n.callee);
    if (this.macros.has(name))
      return this.fail(`the macro "${name}"`, 'macros are not translated', `${name}(`);
    return this.fail(`${name}()`, 'calls are not translated', `${name}(`);
  }

  private trim(v: V, how: string): V {
    if (v.konst) {
      const s = jinjaString(v.value);
      return konst(how === 'lstrip' ? s.trimStart() : how === 'rstrip' ? s.trimEnd() : s.trim());
    }
    if (v.ty !== 'string' && v.ty !== 'unknown')
      this.fail('trim of a non-string', 'only strings are trimmed');
    this.notes.add(
      'the Jinja trims message text (strip/trim) and Go templates cannot: text is used as sent',
    );
    return v;
  }

  private binary(n: J, scope: Scope): V {
    const op: string = n.operator.value;
    if (op === 'and' || op === 'or') {
      const l = this.expr(n.left, scope);
      if (l.konst) {
        const t = truthy(l.value);
        if (op === 'and' ? !t : t) return l;
        return this.expr(n.right, scope);
      }
      const r = this.expr(n.right, scope);
      if (r.konst && op === 'and' && truthy(r.value) && l.ty === 'bool') return l;
      if (r.konst && op === 'or' && !truthy(r.value) && l.ty === 'bool') return l;
      return { go: `(${op} ${l.go} ${r.go})`, ty: l.ty === r.ty ? l.ty : 'unknown' };
    }
    if (op === 'in' || op === 'not in') {
      const l = this.expr(n.left, scope);
      if (n.right.type === 'ArrayLiteral' || n.right.type === 'TupleLiteral') {
        const items = n.right.value.map((x: J) => this.expr(x, scope));
        if (!items.every((x: V) => x.konst))
          this.fail('`in` a list of values', 'only a list of literals is translated', ' in ');
        let v: V;
        if (l.konst) v = konst(items.some((x: V) => x.value === l.value));
        else if (items.length === 0) v = konst(false);
        else v = { go: `(eq ${l.go} ${items.map((x: V) => x.go).join(' ')})`, ty: 'bool' };
        return op === 'in' ? v : this.not(v);
      }
      const r = this.expr(n.right, scope);
      if (l.konst && r.konst && typeof r.value === 'string') {
        const v = konst(r.value.includes(jinjaString(l.value)));
        return op === 'in' ? v : this.not(v);
      }
      return this.fail(
        '`in` a string or list',
        'Go templates have no substring or membership test',
        ' in ',
      );
    }
    if (
      (op === '==' || op === '!=') &&
      n.right.type === 'IntegerLiteral' &&
      isLoopIndex(n.left, scope)
    ) {
      // loop.index == k: the Go range index is k - 1.
      const loop = scope.nearestLoop()!;
      const v: V = { go: `(eq ${loop.index} ${n.right.value - 1})`, ty: 'bool' };
      return op === '==' ? v : this.not(v);
    }
    const l = this.expr(n.left, scope);
    const r = this.expr(n.right, scope);
    if (op === '==' || op === '!=') {
      const v = this.equal(l, r, n);
      return op === '==' ? v : this.not(v);
    }
    if (['<', '>', '<=', '>='].includes(op)) {
      if (l.konst && r.konst && typeof l.value === 'number' && typeof r.value === 'number')
        return konst(
          op === '<'
            ? l.value < r.value
            : op === '>'
              ? l.value > r.value
              : op === '<='
                ? l.value <= r.value
                : l.value >= r.value,
        );
      if (l.ty !== r.ty || (l.ty !== 'int' && l.ty !== 'string'))
        this.fail(`the comparison ${op}`, 'only numbers or strings of one kind compare', op);
      const fn = { '<': 'lt', '>': 'gt', '<=': 'le', '>=': 'ge' }[op]!;
      return { go: `(${fn} ${l.go} ${r.go})`, ty: 'bool' };
    }
    if (op === '+' || op === '~') {
      if (l.konst && r.konst) {
        if (op === '+' && typeof l.value === 'number' && typeof r.value === 'number')
          return konst(l.value + r.value);
        if (op === '~' || (typeof l.value === 'string' && typeof r.value === 'string'))
          return konst(jinjaString(l.value) + jinjaString(r.value));
      }
      if (op === '+' && !concatenable(l.ty, r.ty))
        this.fail('+ on values that are not both strings', 'Go templates have no arithmetic', '+');
      const parts = [l, r]
        .flatMap((x) => (x.konst ? [goLiteral(jinjaString(x.value))] : (x.printArgs ?? [x.go])))
        .filter((p) => p !== '""');
      const only = [l, r].find((x) => !x.konst);
      if (parts.length === 1 && only?.ty === 'string' && parts[0] === only.go) return only;
      if (op === '~' && ![l, r].every((x) => x.konst || x.ty === 'string'))
        this.fail('~ on a value that is not a string', 'Go prints it differently', '~');
      return { go: `(print ${parts.join(' ')})`, ty: 'string', printArgs: parts };
    }
    if (l.konst && r.konst && typeof l.value === 'number' && typeof r.value === 'number') {
      const a = l.value;
      const b = r.value;
      const v =
        op === '-' ? a - b : op === '*' ? a * b : op === '%' ? a % b : op === '/' ? a / b : NaN;
      if (!Number.isNaN(v)) return konst(v);
    }
    return this.fail(`the operator ${op}`, 'Go templates have no arithmetic', ` ${op} `);
  }

  private not(v: V): V {
    if (v.konst) return konst(!truthy(v.value));
    if (v.negated && v.negated.ty === 'bool') return v.negated;
    return { go: `(not ${v.go})`, ty: 'bool', negated: v };
  }

  private equal(l: V, r: V, n: J): V {
    if (l.konst && r.konst)
      return konst(l.value === r.value || (l.value == null && r.value == null));
    // loop.index == k → the Go index == k-1
    const [c, x] = l.konst ? [l, r] : [r, l];
    if (c.konst) {
      if (c.value === null || c.value === undefined || typeof c.value === 'boolean') {
        if (x.ty === 'bool' && typeof c.value === 'boolean') return c.value ? x : this.not(x);
        // string|false variables, `x == none`: Go cannot compare across kinds; truthiness decides.
        return c.value === true ? { go: x.go, ty: 'bool' } : this.not(x);
      }
      // none/undefined are "" in Go, unequal to any other string as in Jinja.
      const nilOrString = x.ty === 'string' || x.ty === 'none' || x.ty === 'undefined';
      if (
        (typeof c.value === 'string' && nilOrString && (c.value !== '' || x.ty === 'string')) ||
        (typeof c.value === 'number' && x.ty === 'int')
      )
        return { go: `(eq ${x.go} ${c.go})`, ty: 'bool' };
      if (x.ty === 'undefined') return konst(false);
      if (x.ty === 'unknown' || x.ty === 'string' || x.ty === 'int')
        return this.fail(
          `the comparison ${describe(n)}`,
          'the kinds of its sides may differ; Go cannot compare those',
          '==',
        );
    }
    if (l.ty === r.ty && (l.ty === 'string' || l.ty === 'int'))
      return { go: `(eq ${l.go} ${r.go})`, ty: 'bool' };
    return this.fail(
      `the comparison ${describe(n)}`,
      'Go compares only strings or numbers of one kind',
      '==',
    );
  }

  private unary(n: J, scope: Scope): V {
    const v = this.expr(n.argument, scope);
    if (n.operator.value === 'not') return this.not(v);
    if (n.operator.value === '-' && v.konst && typeof v.value === 'number') return konst(-v.value);
    return this.fail(`the operator ${n.operator.value}`, 'not translated', n.operator.value);
  }

  private test(n: J, scope: Scope): V {
    const v = this.expr(n.operand, scope);
    const name: string = n.test.value;
    let r: V | undefined;
    if (v.konst) {
      const x = v.value;
      const table: Record<string, boolean | undefined> = {
        defined: x !== undefined,
        undefined: x === undefined,
        none: x === null,
        string: typeof x === 'string',
        number: typeof x === 'number',
        integer: typeof x === 'number' && Number.isInteger(x),
        boolean: typeof x === 'boolean',
        true: x === true,
        false: x === false,
        mapping: false,
      };
      if (table[name] !== undefined) r = konst(table[name]);
    } else if ((name === 'defined' || name === 'undefined') && v.defFlag) {
      r = { go: v.defFlag, ty: 'bool' };
      if (name === 'undefined') r = this.not(r);
    } else if (v.maybeNone && v.ty !== 'unknown' && (name === 'none' || name === 'string')) {
      this.notes.add('an empty string counts as none in the Go template');
      r = name === 'none' ? this.not(v) : { go: v.go, ty: 'bool' };
    } else if (
      v.ty === 'string' ||
      v.ty === 'messages' ||
      v.ty === 'message' ||
      v.ty === 'namespace'
    ) {
      const table: Record<string, boolean | undefined> = {
        defined: true,
        undefined: false,
        none: false,
        string: v.ty === 'string',
        number: false,
        integer: false,
        boolean: false,
        mapping: v.ty === 'message',
        iterable: v.ty !== 'namespace' && v.ty !== 'message',
        sequence: v.ty === 'messages',
      };
      if (table[name] !== undefined) r = konst(table[name]);
    }
    if (!r)
      return this.fail(
        `the test "is ${name}"`,
        `its answer for ${describe(n.operand)} is not known`,
        name,
      );
    return n.negate ? this.not(r) : r;
  }

  private filterExpr(n: J, scope: Scope): V {
    const f = n.filter.type === 'CallExpression' ? n.filter.callee.value : n.filter.value;
    const args: J[] = n.filter.type === 'CallExpression' ? n.filter.args : [];
    const v = this.expr(n.operand, scope);
    switch (f) {
      case 'trim':
        return this.trim(v, 'strip');
      case 'length':
      case 'count':
        if (v.konst && typeof v.value === 'string') return konst(v.value.length);
        if (v.ty === 'messages' || v.ty === 'string') return { go: `(len ${v.go})`, ty: 'int' };
        break;
      case 'first':
        if (v.ty === 'messages') return { go: `(index ${v.go} 0)`, ty: 'message' };
        break;
      case 'last':
        if (v.ty === 'messages') return this.lastOf(v);
        break;
      case 'default':
      case 'd': {
        if (v.konst && v.ty === 'undefined') return args[0] ? this.expr(args[0], scope) : konst('');
        if (v.defFlag) break;
        if (v.konst || v.ty === 'string' || v.ty === 'messages' || v.ty === 'message') return v;
        break;
      }
      case 'string':
        if (v.konst) return konst(jinjaString(v.value));
        if (v.ty === 'string') return v;
        break;
      case 'upper':
      case 'lower':
      case 'title':
      case 'capitalize':
        if (v.konst) return konst(caseChange(jinjaString(v.value), f));
        break;
    }
    return this.fail(`the filter "${f}"`, `not translated for ${describe(n.operand)}`, f);
  }
}

function isLoopIndex0(n: J, scope: Scope): boolean {
  return (
    n.type === 'MemberExpression' &&
    n.object.type === 'Identifier' &&
    n.object.value === 'loop' &&
    propName(n) === 'index0' &&
    !scope.lookup('loop') &&
    scope.nearestLoop() !== undefined
  );
}

function isLoopIndex(n: J, scope: Scope): boolean {
  return (
    n.type === 'MemberExpression' &&
    n.object.type === 'Identifier' &&
    n.object.value === 'loop' &&
    propName(n) === 'index' &&
    !scope.lookup('loop') &&
    scope.nearestLoop() !== undefined
  );
}

/** `a + b` where Jinja can only be joining strings (one side is one, neither a number or bool). */
function concatenable(l: Ty, r: Ty): boolean {
  const ok = (t: Ty) => t === 'string' || t === 'unknown';
  return (l === 'string' || r === 'string') && ok(l) && ok(r);
}

/** The kind of a variable assigned values of kinds a and b; none/undefined print and compare as "" in Go. */
function union(a: Ty, b: Ty): Ty {
  const nil = (t: Ty) => t === 'undefined' || t === 'none';
  if (a === b) return a;
  if (nil(a)) return nil(b) ? 'none' : b;
  if (nil(b)) return a;
  return 'unknown';
}

const messageFields: Record<string, string | null | undefined> = {
  role: 'Role',
  content: 'Content',
  name: 'ToolName',
  tool_call_id: 'ToolCallID',
  tool_calls: null,
};

function caseChange(s: string, how: string): string {
  if (how === 'upper') return s.toUpperCase();
  if (how === 'lower') return s.toLowerCase();
  if (how === 'capitalize') return s.charAt(0).toUpperCase() + s.slice(1).toLowerCase();
  return s.replace(/\w\S*/g, (w) => w.charAt(0).toUpperCase() + w.slice(1).toLowerCase());
}

/** A short description of a Jinja node for messages. */
function describe(n: J): string {
  switch (n?.type) {
    case 'Identifier':
      return n.value;
    case 'StringLiteral':
      return JSON.stringify(n.value);
    case 'IntegerLiteral':
    case 'FloatLiteral':
      return String(n.value);
    case 'MemberExpression': {
      const p = propName(n);
      return `${describe(n.object)}${p === undefined ? '[…]' : n.computed ? `['${p}']` : `.${p}`}`;
    }
    case 'CallExpression':
      return `${describe(n.callee)}()`;
    case 'FilterExpression':
      return `${describe(n.operand)} | ${n.filter.type === 'CallExpression' ? n.filter.callee.value : n.filter.value}`;
    case 'BinaryExpression':
      return `${describe(n.left)} ${n.operator.value} ${describe(n.right)}`;
    case 'ArrayLiteral':
      return 'a list literal';
    case 'ObjectLiteral':
      return 'a dict literal';
    default:
      return `a ${String(n?.type ?? 'node')}`;
  }
}

/**
 * Translates a Jinja chat template into a Go template over Ollama's chat data
 * model. Throws JinjaToGoError naming the first construct it cannot translate
 * (JINJA_INVALID when the Jinja does not parse).
 */
export function jinjaToGo(jinja: string, tokens: SpecialTokens = {}): JinjaToGoResult {
  let program: J;
  try {
    program = new JinjaTemplate(jinja).parsed;
  } catch (e) {
    throw new MfcError(
      'JINJA_INVALID',
      `the Jinja template does not parse: ${(e as Error).message}`,
    );
  }
  const t = new Translator(jinja, tokens);
  let template: string;
  try {
    template = t.run(program);
  } catch (e) {
    if (e instanceof MfcError) throw e;
    throw new InternalError(`translating a Jinja template to Go failed: ${(e as Error).message}`, {
      cause: e,
    });
  }
  try {
    // Ollama renders a template in messages mode only if its variables (not
    // those inside `(index …).Field` chains) name .Messages; a template that
    // ignores the messages still must not fall back to prompt/response mode.
    if (!parseTemplate(template).vars().includes('messages'))
      template = '{{ $_ := $.Messages }}' + template;
    parseTemplate(template);
  } catch (e) {
    throw new InternalError(
      `the Go translation of a Jinja template does not parse: ${(e as Error).message}`,
      {
        cause: e,
      },
    );
  }
  return { template, notes: [...t.notes] };
}

const u = (content: string) => ({ role: 'user', content });
const a = (content: string) => ({ role: 'assistant', content });
const conv = (name: string, messages: ChatValues['messages']): SampleConversation => ({
  name,
  values: { messages },
  forMatching: true,
});

/**
 * Conversations a Jinja→Go translation is verified on: the matching samples
 * (user, multi-turn, system), plus assistant last, system with one turn, a
 * tool result (no tools given) and a long exchange with template delimiters
 * in the text. None has two messages of
 * one role in a row: Ollama collates those, so no Go template can show them apart.
 */
export const jinjaTranslationConversations: readonly SampleConversation[] = [
  ...sampleConversations.filter((c) => c.forMatching),
  conv('system-user', [{ role: 'system', content: 'Answer in French.' }, u('Hi')]),
  conv('assistant-last', [{ role: 'system', content: 'Be brief.' }, u('Hi'), a('Hello!')]),
  conv('no-system-assistant-last', [u('Hi'), a('Hello!')]),
  conv('tool-result', [
    u('What is the weather in Paris?'),
    a('Let me look it up.'),
    { role: 'tool', content: '22 degrees and sunny' },
    u('Thanks!'),
  ]),
  conv('long-multi-turn', [
    u('One'),
    a('1'),
    u('Two'),
    a('2'),
    u('Three {{ braces }} and {% percent %}'),
  ]),
];

/** How many conversations a translation must render identically at least. */
export const MIN_VERIFIED_CONVERSATIONS = 3;

export interface JinjaTranslation extends JinjaToGoResult {
  /** The conversations both rendered, all identical. */
  verified: string[];
  comparisons: ConversationComparison[];
}

/**
 * jinjaToGo, then renders the Jinja (@huggingface/jinja) and the Go
 * translation (Ollama's data model) on the conversations; every conversation
 * the Jinja accepts must give the identical prompt. Throws
 * JINJA_TRANSLATION_DIFFERS naming the first conversation that does not.
 */
export function translateJinjaVerified(
  jinja: string,
  tokens: SpecialTokens = {},
  conversations: readonly SampleConversation[] = jinjaTranslationConversations,
): JinjaTranslation {
  const result = jinjaToGo(jinja, tokens);
  const comparisons = compareTemplates(jinja, result.template, tokens, conversations);
  const bad = comparisons.find((c) => c.jinja !== undefined && !c.equal);
  if (bad)
    throw new MfcError(
      'JINJA_TRANSLATION_DIFFERS',
      `the Go translation renders the "${bad.conversation}" conversation differently from the Jinja` +
        (bad.goError
          ? ` (Go error: ${bad.goError})`
          : `:\n${describeDifference(bad.jinja!, bad.go ?? '')}`),
      { hint: 'write the Go template by hand and check it with `mfc template compare`' },
    );
  const verified = comparisons.filter((c) => c.equal).map((c) => c.conversation);
  if (verified.length < MIN_VERIFIED_CONVERSATIONS)
    throw new MfcError(
      'JINJA_TRANSLATION_DIFFERS',
      `the Jinja renders only ${verified.length} of the ${conversations.length} sample conversations, too few to verify a translation`,
    );
  return { ...result, verified, comparisons };
}
