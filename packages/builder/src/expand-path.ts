import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import type { Location } from '@mfc/diagnostics';
import { builderError } from './error-codes.js';

function userHome(user: string, location: Location): string {
  try {
    for (const line of readFileSync('/etc/passwd', 'utf8').split('\n')) {
      const f = line.split(':');
      if (f[0] === user && f[5]) return f[5];
    }
  } catch {
    // no passwd file: fall through
  }
  throw builderError('BUILD_UNKNOWN_USER', `failed to find user '${user}'`, { location });
}

/**
 * Ollama's `expandPath`: `~` and `~/x` → the current user's home, `~user/x`
 * → that user's home, relative paths → joined with the Modelfile's folder.
 */
export function expandPath(
  p: string,
  baseDir: string,
  location: Location = {},
  home = homedir(),
): string {
  if (isAbsolute(p) || p.startsWith('\\')) return resolve(p);
  if (p === '~' || p.startsWith('~/')) return join(home, p.slice(1));
  if (p.startsWith('~')) {
    const slash = p.indexOf('/');
    const user = slash < 0 ? p.slice(1) : p.slice(1, slash);
    return join(userHome(user, location), slash < 0 ? '' : p.slice(slash + 1));
  }
  return resolve(baseDir, p);
}
