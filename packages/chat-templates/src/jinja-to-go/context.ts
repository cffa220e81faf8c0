/** What a translation shares: its output, Go names, the facts a prepass gathers, errors with positions. */
import { LineIndex, type Range } from '@mfc/diagnostics';
import type { SpecialTokens } from '../select.js';
import { propName, type J } from './ast.js';
import { JinjaToGoError } from './error.js';

export const LEADING_BOS_NOTE =
  'the leading BOS token is left to the tokenizer, as in Ollama’s templates';

export type StartState = 'yes' | 'no' | { firstIteration: string };

/** One translation's state, shared by the statement and the expression translators. */
export class TranslationContext {
  out: string[] = [];
  text = '';
  names = new Map<string, number>();
  namespaceAttrs = new Map<string, Set<string>>();
  definedTested = new Set<string>();
  /** Macros are refused where they are called (templates define some only for tools). */
  macros = new Set<string>();
  loopCount = 0;
  readonly notes = new Set<string>();
  /** Whether nothing has been written yet (a leading BOS is left to the tokenizer, as Ollama does). */
  start: StartState = 'yes';
  /** The Go variable holding the last message, once `messages[-1]` is used. */
  lastMessage: string | undefined;

  constructor(
    readonly source: string,
    readonly tokens: SpecialTokens,
  ) {}

  // ---- errors and positions ----

  fail(construct: string, why: string, needle?: string): never {
    throw new JinjaToGoError(construct, why, this.locate(needle ?? construct));
  }

  /** Where `needle` first occurs inside a Jinja tag (the parse tree has no positions). */
  locate(needle: string): Range | undefined {
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

  emitText(s: string): void {
    if (s === '') return;
    this.text += s;
    this.started();
  }

  emitAction(action: string): void {
    this.flush(true);
    this.out.push(`{{ ${action} }}`);
  }

  /** Writes pending text; `{{` inside it, or a `{` right before an action, goes out as a string. */
  flush(beforeAction: boolean): void {
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

  started(): void {
    this.start = 'no';
  }

  // ---- names and scopes ----

  goName(jinjaName: string): string {
    const base = '$' + jinjaName.replace(/[^A-Za-z0-9_]/g, '_');
    const n = this.names.get(base) ?? 0;
    this.names.set(base, n + 1);
    return n === 0 ? base : `${base}${n + 1}`;
  }

  prepass(body: J[]): void {
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

  nsAttr(ns: string, attr: string): void {
    let s = this.namespaceAttrs.get(ns);
    if (!s) this.namespaceAttrs.set(ns, (s = new Set()));
    s.add(attr);
  }
}
