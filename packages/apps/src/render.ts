/** The Handlebars templates of generated texts (Modelfiles, model cards), kept as .hbs files. */
import Handlebars from 'handlebars';
import cardHbs from './templates/card.hbs';
import modelfileHbs from './templates/modelfile.hbs';

const sources = { modelfile: modelfileHbs, card: cardHbs } as const;
const compiled = new Map<string, Handlebars.TemplateDelegate>();

/** Renders one of the templates; values are inserted verbatim (these are not HTML). */
export function renderText(name: keyof typeof sources, values: Record<string, unknown>): string {
  let t = compiled.get(name);
  if (!t) {
    t = Handlebars.compile(sources[name], { noEscape: true, strict: false });
    compiled.set(name, t);
  }
  return t(values);
}
