import { describe, expect, it } from 'vitest';
import { checkTemplate, parseTemplate, templateVars, TemplateParseError } from '@mfc/gotemplate';
import { renderChat, renderMode } from '../src/index.js';

describe('parse API', () => {
  it("reports Go's message with line and column", () => {
    const r = checkTemplate('hello\n  {{ if .X }}\n{{ end }}{{ end }}');
    expect(r.error).toBeInstanceOf(TemplateParseError);
    expect(r.error!.goMessage).toBe('template: :3: unexpected {{end}}');
    expect(r.error!.line).toBe(3);
    expect(r.error!.column).toBe(10);
    expect(r.error!.code).toBe('TEMPLATE_PARSE');
    expect(r.vars).toEqual([]);
  });

  it('reports an unclosed action on the line Go names', () => {
    const r = checkTemplate('{{ .Prompt }}\n{{ .System');
    expect(r.error!.goMessage).toBe('template: :2: unclosed action');
    expect(r.error!.line).toBe(2);
  });

  it('rejects unknown functions as Go does', () => {
    expect(() => parseTemplate('{{ Prompt }}')).toThrow(
      'template: :1: function "Prompt" not defined',
    );
  });

  it("lists the variables like Ollama's Vars()", () => {
    expect(templateVars('{{ .Prompt }}')).toEqual(['prompt']);
    expect(
      templateVars('{{ range $i, $m := .Messages }}{{ $m.Role }}{{ end }}{{ .System }}'),
    ).toEqual(['$m', 'messages', 'role', 'system']);
    expect(templateVars('{{ define "x" }}{{ .Tools }}{{ end }}{{ template "x" .Suffix }}')).toEqual(
      ['suffix', 'tools'],
    );
  });

  it('caches parses per text', () => {
    expect(parseTemplate('{{ .A }}')).toBe(parseTemplate('{{ .A }}'));
  });

  it('chooses the mode Ollama picks', () => {
    expect(renderMode(templateVars('{{ .Prompt }}'))).toBe('prompt-response');
    expect(renderMode(templateVars('{{ range .Messages }}{{ end }}'))).toBe('messages');
    expect(renderMode(['messages'], { prompt: 'a', suffix: 'b' })).toBe('fill-in-the-middle');
  });

  it('renders the legacy mode per exchange and stops at the last .Response', () => {
    const r = renderChat('<{{ .Prompt }}|{{ .Response }}>', {
      messages: [
        { role: 'user', content: 'a' },
        { role: 'assistant', content: 'b' },
        { role: 'user', content: 'c' },
      ],
    });
    expect(r).toEqual({ output: '<a|b><c|', mode: 'prompt-response' });
  });
});

describe('dialects', () => {
  it("accepts current Go's {{else with}} and range over an integer by default (as Ollama does)", () => {
    const t =
      '{{with .x}}x{{else with .y}}[{{.}}]{{else}}none{{end}}|{{range $i := 3}}{{$i}}{{end}}';
    expect(checkTemplate(t).error).toBeUndefined();
    expect(
      renderChat(t + '{{.Prompt}}', { prompt: 'p', messages: [{ role: 'user', content: 'p' }] })
        .output,
    ).toBe('none|012p');
  });

  it("rejects {{else with}} like the oracle's Go 1.19 when asked", () => {
    const r = checkTemplate('{{with .x}}{{else with .y}}{{end}}', { dialect: 'go1.19' });
    expect(r.error?.goMessage).toBe('template: :1: unexpected <with> in else');
  });

  it('escapes \\b and \\f in json as Go 1.22+ does', () => {
    expect(renderChat('{{ json "\\b\\f" }}{{ .Prompt }}', { messages: [] }).output).toBe(
      '"\\b\\f"',
    );
  });
});
