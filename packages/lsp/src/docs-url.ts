/** Where the rule pages are, for `codeDescription` links. */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * The base URL the rules' repository-relative `docs` paths are resolved
 * against: `MFC_DOCS_URL` when set, else the repository checkout this code
 * runs from (found upward from this module, also from the CLI bundle), else
 * undefined (no links).
 */
export function defaultDocsBaseUrl(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.MFC_DOCS_URL)
    return env.MFC_DOCS_URL.endsWith('/') ? env.MFC_DOCS_URL : `${env.MFC_DOCS_URL}/`;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'docs', 'rules', 'MF001.md'))) return pathToFileURL(dir).href + '/';
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** The URL of a rule page, from its repository-relative path. */
export function ruleDocsUrl(base: string | undefined, docsPath: string): string | undefined {
  return base === undefined ? undefined : new URL(docsPath, base).href;
}
