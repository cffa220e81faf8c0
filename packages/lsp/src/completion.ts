/**
 * Completion: instructions, parameter names, boolean values, MESSAGE roles,
 * template fields and functions inside TEMPLATE, model names from the local
 * store and file paths after FROM/ADAPTER/DRAFT.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { expandPath } from '@mfc/lint';
import {
  BOOL_VALUES,
  INSTRUCTION_INFO,
  MESSAGE_ROLES,
  PARAMETERS,
  type Instruction,
  type ParseResult,
} from '@mfc/modelfile';
import { Store } from '@mfc/store';
import {
  CompletionItemKind,
  MarkupKind,
  type CompletionItem,
  type Range,
} from 'vscode-languageserver';
import { cursorContext, type CursorContext } from './context.js';
import { instructionMarkdown, parameterMarkdown, ROLE_DOCS } from './reference-docs.js';
import {
  MESSAGE_FIELDS,
  TEMPLATE_FUNCTIONS,
  TEMPLATE_KEYWORDS,
  TEMPLATE_VARIABLES,
  templatePlace,
  type TemplateWord,
} from './template-vocabulary.js';

export interface CompletionOptions {
  /** Folder relative FROM/ADAPTER paths are resolved against (the Modelfile's folder). */
  baseDir: string;
  /** The store whose models are offered after FROM (undefined: none). */
  modelsDir?: string;
  /** Converts an offset in the decoded text to an LSP range end point. */
  rangeOf(start: number, end: number): Range;
}

const md = (value: string) => ({ kind: MarkupKind.Markdown, value });

function withEdit(items: CompletionItem[], range: Range): CompletionItem[] {
  return items.map((i) => ({ ...i, textEdit: { range, newText: i.insertText ?? i.label } }));
}

function keywordItems(): CompletionItem[] {
  return (Object.keys(INSTRUCTION_INFO) as Instruction[]).map((i) => ({
    label: i.toUpperCase(),
    kind: CompletionItemKind.Keyword,
    detail: INSTRUCTION_INFO[i].syntax,
    documentation: md(instructionMarkdown(i)),
  }));
}

function parameterItems(): CompletionItem[] {
  return Object.entries(PARAMETERS).map(([name, p]) => ({
    label: name,
    kind: CompletionItemKind.Property,
    detail: `${p.type}, default ${p.default}`,
    documentation: md(parameterMarkdown(name) ?? ''),
  }));
}

function roleItems(): CompletionItem[] {
  return MESSAGE_ROLES.map((r) => ({
    label: r,
    kind: CompletionItemKind.EnumMember,
    documentation: ROLE_DOCS[r],
  }));
}

function wordItems(words: readonly TemplateWord[], kind: CompletionItemKind): CompletionItem[] {
  return words.map((w) => ({ label: w.name, kind, documentation: md(w.doc) }));
}

/** Model names in the store (`ollama list`'s short names), none when there is no store. */
export async function storeModelNames(modelsDir: string | undefined): Promise<string[]> {
  if (modelsDir === undefined) return [];
  try {
    return (await new Store(modelsDir).list()).map((m) => m.shortName).sort();
  } catch {
    return [];
  }
}

/** Files and folders matching a typed path prefix (`./mod`, `~/models/`, `/abs/x`). */
export async function pathItems(prefix: string, baseDir: string): Promise<CompletionItem[]> {
  const slash = prefix.lastIndexOf('/');
  const dirPart = slash >= 0 ? prefix.slice(0, slash + 1) : '';
  const namePart = prefix.slice(slash + 1);
  const dir = dirPart === '' ? baseDir : expandPath(dirPart, baseDir);
  if (dir === undefined) return [];
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries
    .filter(
      (e) => e.name.startsWith(namePart) && (namePart.startsWith('.') || !e.name.startsWith('.')),
    )
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((e) => {
      const folder = e.isDirectory();
      const label = `${dirPart === '' ? './' : dirPart}${e.name}${folder ? '/' : ''}`;
      return {
        label,
        kind: folder ? CompletionItemKind.Folder : CompletionItemKind.File,
        detail: join(dir, e.name),
        ...(folder ? { command: { title: 'next', command: 'editor.action.triggerSuggest' } } : {}),
      };
    });
}

async function valueItems(
  ctx: Extract<CursorContext, { kind: 'value' }>,
  parse: ParseResult,
  offset: number,
  options: CompletionOptions,
): Promise<{ items: CompletionItem[]; start: number }> {
  const command = ctx.command;
  switch (command.instruction) {
    case 'parameter': {
      const type =
        command.sub && Object.hasOwn(PARAMETERS, command.sub.text)
          ? PARAMETERS[command.sub.text]
          : undefined;
      if (type?.type === 'bool')
        return {
          items: BOOL_VALUES.map((v) => ({ label: v, kind: CompletionItemKind.Value })),
          start: ctx.start,
        };
      return { items: [], start: ctx.start };
    }
    case 'from':
    case 'adapter':
    case 'draft': {
      const prefix = ctx.prefix;
      const items = await pathItems(prefix, options.baseDir);
      if (command.instruction === 'from' && !/^[./~]/.test(prefix)) {
        for (const name of await storeModelNames(options.modelsDir)) {
          if (name.startsWith(prefix))
            items.push({
              label: name,
              kind: CompletionItemKind.Module,
              detail: 'model in the local store',
            });
        }
      }
      return { items, start: ctx.start };
    }
    case 'template': {
      const contentStart = command.value?.contentStart ?? ctx.start;
      const before = parse.source.text.slice(Math.min(contentStart, offset), offset);
      const place = templatePlace(before);
      if (place.kind === 'field')
        return {
          items: [
            ...wordItems(TEMPLATE_VARIABLES, CompletionItemKind.Field),
            ...wordItems(MESSAGE_FIELDS, CompletionItemKind.Field),
          ],
          start: offset - place.prefix.length,
        };
      if (place.kind === 'word')
        return {
          items: [
            ...wordItems(TEMPLATE_KEYWORDS, CompletionItemKind.Keyword),
            ...wordItems(TEMPLATE_FUNCTIONS, CompletionItemKind.Function),
          ],
          start: offset - place.prefix.length,
        };
      return { items: [], start: offset };
    }
    default:
      return { items: [], start: offset };
  }
}

/** The completion items at `offset` (decoded text). */
export async function completeAt(
  parse: ParseResult,
  offset: number,
  options: CompletionOptions,
): Promise<CompletionItem[]> {
  const ctx = cursorContext(parse, offset);
  switch (ctx.kind) {
    case 'none':
      return [];
    case 'keyword': {
      // Replace the whole keyword under the cursor, not only its part before the cursor.
      const end = Math.max(offset, ctx.command?.keyword.range.end.offset ?? offset);
      return withEdit(keywordItems(), options.rangeOf(ctx.start, end));
    }
    case 'sub': {
      const items = ctx.command.instruction === 'parameter' ? parameterItems() : roleItems();
      const sub = ctx.command.sub;
      const end = sub && sub.range.start.offset === ctx.start ? sub.range.end.offset : offset;
      return withEdit(items, options.rangeOf(ctx.start, Math.max(offset, end)));
    }
    case 'value': {
      const { items, start } = await valueItems(ctx, parse, offset, options);
      return withEdit(items, options.rangeOf(start, offset));
    }
  }
}
