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
export { JinjaToGoError } from './error.js';
export { jinjaToGo, type JinjaToGoResult } from './translate.js';
export {
  jinjaTranslationConversations,
  MIN_VERIFIED_CONVERSATIONS,
  translateJinjaVerified,
  type JinjaTranslation,
} from './verify.js';
