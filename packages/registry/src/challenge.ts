/** One `WWW-Authenticate` challenge: `Bearer realm="…",service="…",scope="…"` or `Basic realm="…"`. */
export interface Challenge {
  scheme: string;
  params: Record<string, string>;
}

/**
 * Parses a `WWW-Authenticate` value (RFC 7235): one or more challenges, each
 * a scheme and comma-separated `key=value` parameters with quoted strings
 * (backslash escapes) or tokens. Scheme names are lower-cased, as are keys.
 */
export function parseChallenges(value: string | undefined): Challenge[] {
  if (!value) return [];
  const out: Challenge[] = [];
  let i = 0;
  const n = value.length;
  const skipSpace = () => {
    while (i < n && (value[i] === ' ' || value[i] === '\t')) i++;
  };
  const token = () => {
    const start = i;
    while (i < n && !/[\s,=]/.test(value[i])) i++;
    return value.slice(start, i);
  };
  while (i < n) {
    skipSpace();
    while (i < n && value[i] === ',') {
      i++;
      skipSpace();
    }
    if (i >= n) break;
    const scheme = token();
    if (!scheme) {
      i++;
      continue;
    }
    const challenge: Challenge = { scheme: scheme.toLowerCase(), params: {} };
    out.push(challenge);
    for (;;) {
      skipSpace();
      const save = i;
      const key = token();
      skipSpace();
      if (!key || value[i] !== '=') {
        // the next challenge's scheme (or junk): stop this one
        i = save;
        break;
      }
      i++;
      skipSpace();
      let v = '';
      if (value[i] === '"') {
        i++;
        while (i < n && value[i] !== '"') {
          if (value[i] === '\\' && i + 1 < n) i++;
          v += value[i++];
        }
        i++;
      } else {
        v = token();
      }
      challenge.params[key.toLowerCase()] = v;
      skipSpace();
      if (value[i] === ',') {
        i++;
        continue;
      }
      break;
    }
  }
  return out;
}
