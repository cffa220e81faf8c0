import { describe, expect, it } from 'vitest';
import { LineIndex } from '@mfc/diagnostics';
import { checkTemplate } from '@mfc/gotemplate';
import rule from '../../src/rules/MF016.js';
import { assertFindings, lintCase, ruleTester } from '../rule-tester.js';

/**
 * Where the finding must be: the offset @mfc/gotemplate reports inside the
 * template, moved into the Modelfile. `prefix` is the Modelfile text before
 * the template's first character; `skipped` counts dropped characters before it.
 */
function expectAt(code: string, prefix: string, template: string, skipped = 0) {
  const { error } = checkTemplate(template);
  if (!error) throw new Error(`test template parses: ${template}`);
  const at = prefix.length + skipped + error.offset;
  const index = new LineIndex(code);
  const start = index.positionAt(at);
  const end = index.positionAt(at + 1);
  return {
    message: `template error: ${error.goMessage}`,
    line: start.line,
    column: start.column,
    endLine: end.line,
    endColumn: end.column,
  };
}

const multiLine = 'FROM m\nTEMPLATE """\n{{ .Prompt }}\n{{ end }}\n"""\n';
const afterDropped = 'FROM m\nTEMPLATE \u200b{{ .Prompt }\n';

ruleTester(rule, {
  valid: [
    'FROM m\nTEMPLATE """{{ if .System }}{{ .System }}{{ end }}{{ .Prompt }}"""\n',
    'FROM m\nTEMPLATE {{ range .Messages }}{{ .Content }}{{ end }}\n',
    // An empty TEMPLATE is skipped by Ollama.
    'FROM m\nTEMPLATE ""\n',
  ],
  invalid: [
    {
      name: 'position inside a multi-line TEMPLATE',
      code: multiLine,
      errors: [expectAt(multiLine, 'FROM m\nTEMPLATE """', '\n{{ .Prompt }}\n{{ end }}\n')],
    },
    {
      name: 'unquoted template after a dropped character',
      code: afterDropped,
      errors: [expectAt(afterDropped, 'FROM m\nTEMPLATE ', '{{ .Prompt }', 1)],
    },
  ],
});

it('MF016 puts Go’s template line 3 on Modelfile line 4', () => {
  const e = expectAt(multiLine, 'FROM m\nTEMPLATE """', '\n{{ .Prompt }}\n{{ end }}\n');
  expect(e.message).toBe('template error: template: :3: unexpected {{end}}');
  expect(e.line).toBe(4);
});

describe('MF016 template calls without data (Ollama’s Vars() walk)', () => {
  it('reports {{ template "name" }} at the call, as `ollama create` fails', async () => {
    const code =
      'FROM m\nTEMPLATE """{{ define "sys" }}{{ .System }}{{ end }}\n{{ template "sys" }}{{ .Prompt }}"""\n';
    const findings = await lintCase(rule, { code });
    assertFindings(findings, [
      {
        message: 'template error: undefined template specified',
        line: 3,
        column: 1,
        endLine: 3,
        endColumn: 21,
        hint: 'Ollama needs a data argument: write {{ template "name" . }} to pass the current data',
      },
    ]);
  });

  it('accepts the call with a data argument, and finds the call inside a branch', async () => {
    const ok =
      'FROM m\nTEMPLATE {{ define "s" }}{{ .System }}{{ end }}{{ template "s" . }}{{ .Prompt }}\n';
    assertFindings(await lintCase(rule, { code: ok }), []);
    const nested = 'FROM m\nTEMPLATE {{ if .System }}{{- template `s` -}}{{ end }}{{ .Prompt }}\n';
    assertFindings(await lintCase(rule, { code: nested }), [
      {
        message: 'template error: undefined template specified',
        line: 2,
        column: 26,
        endLine: 2,
        endColumn: 46,
      },
    ]);
  });
});
