/**
 * Writes the syntactic rules of the Chevrotain grammar as EBNF (ISO 14977
 * style), from the parser's own productions. `grammar/modelfile.ebnf` embeds
 * this text; a test keeps the two identical.
 */
import {
  Alternation,
  Alternative,
  NonTerminal,
  Option,
  Repetition,
  RepetitionMandatory,
  Terminal,
  type IProduction,
} from 'chevrotain';
import { modelfileParser } from './grammar.js';

function definition(productions: IProduction[]): string {
  return productions.map(production).join(' , ');
}

function production(p: IProduction): string {
  if (p instanceof Terminal) return p.terminalType.name;
  if (p instanceof NonTerminal) return p.nonTerminalName;
  if (p instanceof Option) return `[ ${definition(p.definition)} ]`;
  if (p instanceof Repetition) return `{ ${definition(p.definition)} }`;
  if (p instanceof RepetitionMandatory)
    return `${definition(p.definition)} , { ${definition(p.definition)} }`;
  if (p instanceof Alternation)
    return `( ${p.definition.map((a) => definition((a as Alternative).definition)).join(' | ')} )`;
  if (p instanceof Alternative) return definition(p.definition);
  throw new Error(`unsupported production ${p.constructor.name}`);
}

/** The syntactic rules, one `name = definition ;` per line, in the grammar's order. */
export function syntaxRulesAsEbnf(): string {
  return Object.values(modelfileParser.getGAstProductions())
    .map((rule) => `${rule.name} = ${definition(rule.definition)} ;`)
    .join('\n');
}
