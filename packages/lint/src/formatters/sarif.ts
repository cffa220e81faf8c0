import { isAbsolute } from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as Sarif from 'sarif';
import { displayPath, type Formatter } from './common.js';

const LEVEL = { error: 'error', warning: 'warning', info: 'note' } as const;

/** A relative path as a URI reference (segments percent-encoded), or a file: URI when it is absolute. */
function artifactUri(shown: string): { uri: string; uriBaseId?: string } {
  if (isAbsolute(shown)) return { uri: pathToFileURL(shown).href };
  return { uri: shown.split('/').map(encodeURIComponent).join('/'), uriBaseId: '%SRCROOT%' };
}

/**
 * SARIF 2.1.0 for GitHub code scanning: every rule in `tool.driver.rules`,
 * each result with a `physicalLocation` (relative URI under `%SRCROOT%`) and a
 * region whose columns are UTF-16 code units, end exclusive.
 */
export const sarif: Formatter = (results, options) => {
  const rules = [...options.rules].sort((a, b) => a.id.localeCompare(b.id));
  const indexOf = new Map(rules.map((r, i) => [r.id, i]));
  const out: Sarif.Result[] = [];
  for (const r of results) {
    const location = artifactUri(displayPath(r.file, options.cwd));
    for (const f of r.findings) {
      out.push({
        ruleId: f.code,
        ...(indexOf.has(f.code) ? { ruleIndex: indexOf.get(f.code) } : {}),
        level: LEVEL[f.severity],
        message: { text: f.hint ? `${f.message}\n${f.hint}` : f.message },
        locations: [
          {
            physicalLocation: {
              artifactLocation: location,
              region: {
                startLine: f.range.start.line,
                startColumn: f.range.start.column,
                endLine: f.range.end.line,
                endColumn: f.range.end.column,
              },
            },
          },
        ],
      });
    }
  }
  const log: Sarif.Log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'mfc',
            ...(options.version
              ? { version: options.version, semanticVersion: options.version }
              : {}),
            rules: rules.map((m) => ({
              id: m.id,
              name: m.name,
              shortDescription: { text: m.description },
              fullDescription: { text: m.description },
              help: { text: `${m.description}\nSee ${m.docs} in the mfc repository.` },
              defaultConfiguration: { level: LEVEL[m.severity] },
              properties: { docs: m.docs },
            })),
          },
        },
        originalUriBaseIds: { '%SRCROOT%': { uri: pathToFileURL(options.cwd + '/').href } },
        columnKind: 'utf16CodeUnits',
        results: out,
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
};
