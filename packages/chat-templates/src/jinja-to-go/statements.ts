/** Jinja statements → Go actions: if/elif/else, for over the messages, set, and output. */
import {
  assignedNames,
  describe,
  findTernary,
  isRaise,
  propName,
  raises,
  substitute,
  type J,
} from './ast.js';
import { LEADING_BOS_NOTE, type StartState, type TranslationContext } from './context.js';
import { ExpressionTranslator } from './expressions.js';
import { Scope, type LoopInfo, type VarInfo } from './scope.js';
import { concatenable, jinjaString, konst, truthy, union, type V } from './values.js';

/** Translates a template's statements, writing Go to the context; expressions go to an ExpressionTranslator. */
export class StatementTranslator {
  private readonly ex: ExpressionTranslator;

  constructor(private readonly ctx: TranslationContext) {
    this.ex = new ExpressionTranslator(ctx);
  }

  run(program: J): string {
    this.ctx.prepass(program.body);
    const scope = new Scope();
    this.declare(program.body, scope, undefined);
    this.block(program.body, scope);
    this.ctx.flush(false);
    // messages[-1]: Go's index cannot count from the end; a range keeps the last one.
    const last = this.ctx.lastMessage
      ? `{{ ${this.ctx.lastMessage} := "" }}{{ range $.Messages }}{{ ${this.ctx.lastMessage} = . }}{{ end }}`
      : '';
    return last + this.ctx.out.join('');
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
      const global = prev ? undefined : this.ex.identifier(name, new Scope());
      const go = this.ctx.goName(name);
      const info: VarInfo = { go, ty: prev?.ty ?? global!.ty, maybeNone: prev?.maybeNone };
      this.ctx.emitAction(`${go} := ${prev ? prev.go : global!.go}`);
      if (this.ctx.definedTested.has(name)) {
        info.defFlag = `${go}_set`;
        const defined = prev ? 'true' : String(!(global!.konst && global!.value === undefined));
        this.ctx.emitAction(`${info.defFlag} := ${prev?.defFlag ?? defined}`);
      }
      scope.vars.set(name, info);
      for (const attr of this.ctx.namespaceAttrs.get(name) ?? []) {
        const a = this.ctx.goName(`${name}_${attr}`);
        const prevAttr = outer?.lookup(`${name}.${attr}`);
        this.ctx.emitAction(`${a} := ${prevAttr ? prevAttr.go : '""'}`);
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
        return this.ctx.fail(
          `{% ${n.type.toLowerCase()} %}`,
          'loop control is not translated',
          n.type.toLowerCase(),
        );
      case 'CallStatement':
        return this.ctx.fail('{% call %}', 'macros are not translated', 'call');
      case 'FilterStatement':
        return this.ctx.fail('{% filter %}', 'filter blocks are not translated', 'filter');
      default:
        if (isRaise(n))
          return this.ctx.fail(
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
        const test = this.ex.expr(cur.test, scope);
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
    const start0 = this.ctx.start;
    const ends: StartState[] = [];
    branches.forEach((b, i) => {
      this.ctx.emitAction(`${i === 0 ? 'if' : 'else if'} ${b.test.go}`);
      this.ctx.start = start0;
      this.block(b.body, scope);
      ends.push(this.ctx.start);
    });
    if (elseBody) {
      this.ctx.emitAction('else');
      this.ctx.start = start0;
      this.block(elseBody, scope);
      ends.push(this.ctx.start);
    }
    this.ctx.emitAction('end');
    this.ctx.start = ends.every((e) => e === start0) ? start0 : 'no';
  }

  private forStatement(n: J, scope: Scope): void {
    if (n.loopvar.type !== 'Identifier')
      this.ctx.fail(
        'a for loop over pairs',
        'only `for x in messages` loops are translated',
        'for',
      );
    let iterable = n.iterable;
    let filter: J | undefined;
    if (iterable.type === 'SelectExpression') {
      filter = iterable.test;
      iterable = iterable.lhs;
      if (JSON.stringify(n.body).includes('"value":"loop"') || n.defaultBlock.length > 0)
        this.ctx.fail(
          'a filtered for loop using loop.*',
          'Go’s range index counts every message',
          'for',
        );
    }
    const it = this.ex.expr(iterable, scope);
    // A loop over what the data model never has (a message's tool_calls): only its else runs.
    if (it.konst && (it.value === undefined || it.value === null)) {
      this.block(n.defaultBlock, scope);
      return;
    }
    if (it.ty !== 'messages')
      this.ctx.fail(
        `a for loop over ${describe(iterable)}`,
        'only loops over the messages are translated',
        'for',
      );
    const index = `$idx${++this.ctx.loopCount}`;
    const v = this.ctx.goName(n.loopvar.value);
    const loop: LoopInfo = { index, iter: it.go, loopVar: v };
    const inner = new Scope(scope, loop);
    this.declare(n.body, inner, scope);
    inner.vars.set(n.loopvar.value, { go: v, ty: 'message' });
    const start0 = this.ctx.start;
    // Filled in once the body is translated: the previous item's variable, if the body uses it.
    this.ctx.flush(true);
    const prevDeclAt = this.ctx.out.push('') - 1;
    this.ctx.emitAction(`range ${index}, ${v} := ${it.go}`);
    this.ctx.start = start0 === 'yes' ? { firstIteration: index } : 'no';
    if (filter) {
      const t = this.ex.expr(filter, inner);
      this.ctx.emitAction(`if ${t.go}`);
      this.block(n.body, inner);
      this.ctx.emitAction('end');
    } else this.block(n.body, inner);
    if (loop.prev) {
      this.ctx.out[prevDeclAt] = `{{ ${loop.prev} := "" }}`;
      this.ctx.emitAction(`${loop.prev} = ${v}`);
    }
    const bodyEnd = this.ctx.start;
    let elseEnd: StartState = start0;
    if (n.defaultBlock.length > 0) {
      this.ctx.emitAction('else');
      this.ctx.start = start0;
      this.block(n.defaultBlock, scope);
      elseEnd = this.ctx.start;
    }
    this.ctx.emitAction('end');
    this.ctx.start =
      start0 === 'yes' && typeof bodyEnd === 'object' && elseEnd === 'yes' ? 'yes' : 'no';
  }

  private setStatement(n: J, scope: Scope): void {
    if (n.value === null)
      this.ctx.fail('{% set %}…{% endset %}', 'block assignments are not translated', 'set');
    const target = n.assignee;
    let info: VarInfo | undefined;
    if (target.type === 'Identifier') info = scope.lookup(target.value);
    else if (target.type === 'MemberExpression' && target.object.type === 'Identifier') {
      const p = propName(target);
      if (p) info = scope.lookup(`${target.object.value}.${p}`);
    } else
      this.ctx.fail(
        `the assignment to ${describe(target)}`,
        'only simple variables are set',
        'set',
      );
    if (!info)
      this.ctx.fail(
        `the assignment to ${describe(target)}`,
        'it is not an attribute of a namespace() of this scope',
        'set',
      );
    this.assign(info, n.value, scope, target.type === 'Identifier' ? target.value : undefined);
  }

  private assign(info: VarInfo, value: J, scope: Scope, name: string | undefined): void {
    const tern = findTernary(value);
    if (tern) {
      const c = this.ex.expr(tern.condition, scope);
      const yes = substitute(value, tern, tern.trueExpr);
      const no = substitute(value, tern, tern.falseExpr);
      if (c.konst) return this.assign(info, truthy(c.value) ? yes : no, scope, name);
      this.ctx.emitAction(`if ${c.go}`);
      this.assign(info, yes, scope, name);
      this.ctx.emitAction('else');
      this.assign(info, no, scope, name);
      this.ctx.emitAction('end');
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
          this.ctx.fail(
            'namespace() with a positional argument',
            'only keyword arguments are translated',
            'namespace',
          );
        given.set(a.key.value, a.value);
      }
      for (const attr of this.ctx.namespaceAttrs.get(name!) ?? []) {
        const a = scope.lookup(`${name}.${attr}`)!;
        const init = given.get(attr);
        const v = init ? this.ex.expr(init, scope) : konst(undefined);
        this.ctx.emitAction(`${a.go} = ${v.go}`);
        a.ty = union(a.ty, v.ty);
        if (v.ty === 'none' || v.maybeNone) a.maybeNone = true;
      }
      info.ty = 'namespace';
    } else {
      const bos = this.leadingBos(value, scope);
      if (bos && this.ctx.start !== 'no') {
        // `set content = bos_token + …` before anything is written (Llama 3): the
        // tokenizer adds that BOS; a wrong guess shows up as a different prompt.
        this.ctx.notes.add(LEADING_BOS_NOTE);
        const stripped = substitute(value, bos, { type: 'StringLiteral', value: '' });
        if (this.ctx.start === 'yes') return this.assign(info, stripped, scope, name);
        this.ctx.emitAction(`if ${this.ctx.start.firstIteration}`);
        this.assignValue(info, value, scope);
        this.ctx.emitAction('else');
        this.assignValue(info, stripped, scope);
        this.ctx.emitAction('end');
      } else this.assignValue(info, value, scope);
    }
    if (info.defFlag) this.ctx.emitAction(`${info.defFlag} = true`);
  }

  private assignValue(info: VarInfo, value: J, scope: Scope): void {
    const v = this.ex.expr(value, scope);
    this.ctx.emitAction(`${info.go} = ${v.go}`);
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
      this.ctx.tokens.bos &&
      !scope.lookup('bos_token')
      ? cur
      : undefined;
  }

  /** `{{ expr }}`: concatenations print piece by piece, conditionals become if/else. */
  private output(n: J, scope: Scope, inConcat = false): void {
    if (n.type === 'BinaryExpression' && (n.operator.value === '~' || n.operator.value === '+')) {
      const l = this.ex.tyOf(n.left, scope);
      const r = this.ex.tyOf(n.right, scope);
      if (n.operator.value === '~' || concatenable(l, r)) {
        this.output(n.left, scope, n.operator.value === '+');
        this.output(n.right, scope, n.operator.value === '+');
        return;
      }
    }
    if (n.type === 'Ternary') {
      const c = this.ex.expr(n.condition, scope);
      if (c.konst) return this.output(truthy(c.value) ? n.trueExpr : n.falseExpr, scope);
      const start0 = this.ctx.start;
      this.ctx.emitAction(`if ${c.go}`);
      this.output(n.trueExpr, scope, inConcat);
      const e1 = this.ctx.start;
      this.ctx.start = start0;
      this.ctx.emitAction('else');
      this.output(n.falseExpr, scope, inConcat);
      this.ctx.emitAction('end');
      this.ctx.start = e1 === start0 && this.ctx.start === start0 ? start0 : 'no';
      return;
    }
    if (
      n.type === 'Identifier' &&
      n.value === 'bos_token' &&
      this.ctx.tokens.bos &&
      !scope.lookup('bos_token')
    ) {
      const s = this.ctx.start;
      if (s === 'yes') {
        this.ctx.notes.add(LEADING_BOS_NOTE);
        return;
      }
      if (typeof s === 'object') {
        this.ctx.notes.add(LEADING_BOS_NOTE);
        this.ctx.emitAction(`if ${s.firstIteration}`);
        this.ctx.emitText(this.ctx.tokens.bos);
        this.ctx.emitAction('end');
        this.ctx.started();
        return;
      }
    }
    const v = this.ex.expr(n, scope);
    if (v.konst) {
      if (v.value === null)
        this.ctx.fail('printing none', 'Jinja prints None where Go prints nothing', 'none');
      this.ctx.emitText(jinjaString(v.value));
      return;
    }
    // Inside `a + b` Jinja succeeds only on strings, so whatever it printed was one.
    if (v.ty !== 'string' && v.ty !== 'int' && !(inConcat && v.ty === 'unknown'))
      this.ctx.fail(`printing ${describe(n)}`, `a ${v.ty} prints differently in Go`);
    this.ctx.emitAction(v.go);
    this.ctx.started();
  }
}
