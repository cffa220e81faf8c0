/** The Go→Jinja translator's corpus: hand-written templates, and ones that must be refused. */
export const handWritten: { name: string; template: string }[] = [
  {
    name: 'range-if-else-if-trims',
    template: `{{- if .System }}<|system|>
{{ .System }}</s>
{{ end }}
{{- range .Messages }}
{{- if eq .Role "user" }}<|user|>
{{ .Content }}</s>
{{- else if eq .Role "assistant" }}<|assistant|>
{{ .Content }}</s>
{{- else }}<|other|>{{ .Content }}
{{- end }}
{{ end }}<|assistant|>
`,
  },
  {
    name: 'last-with-len-slice-and-or-not',
    template: `{{- range $i, $_ := .Messages }}
{{- $last := eq (len (slice $.Messages $i)) 1 }}
{{- if or (eq .Role "user") (eq .Role "system") }}[{{ .Role }}] {{ .Content }}
{{- else if and (eq .Role "assistant") (not $last) }} => {{ .Content }};
{{- else }} => {{ .Content }}
{{- end }}
{{- if and $last (ne .Role "assistant") }}
[assistant]{{ end }}
{{- end }}`,
  },
  {
    name: 'root-system-inside-range-and-first-flag',
    template: `{{- $first := true }}
{{- range .Messages }}
{{- if eq .Role "user" }}{{ if $first }}{{ if $.System }}<<{{ $.System }}>> {{ end }}{{ end }}USER: {{ .Content }}
{{ $first = false }}
{{- else if eq .Role "assistant" }}ASSISTANT: {{ .Content }}
{{ end }}
{{- end }}ASSISTANT:`,
  },
  {
    name: 'with-and-range-else',
    template: `{{ with .System }}System says: {{ . }}
{{ else }}No system.
{{ end }}{{ range .Messages }}{{ .Role }}: {{ .Content }}
{{ else }}(no messages)
{{ end }}`,
  },
  {
    name: 'eq-many-index-and-pipeline',
    template: `{{- range $i, $m := .Messages }}
{{- if eq $m.Role "user" "system" }}{{ $i }}> {{ $m.Content }}
{{ end }}
{{- end }}
{{- if .Messages }}first: {{ (index .Messages 0).Role }} / {{ .Messages | len }} turns{{ end }}`,
  },
  {
    name: 'jinja-delimiters-in-text',
    template: `{{ range .Messages }}{% {{ .Role }} %} {# {{ .Content }} #}
{{ end }}{{ "{{ done }}" }}`,
  },
  {
    name: 'comparison-and-counters',
    template: `{{- $n := len .Messages }}
{{- range $i, $m := .Messages }}
{{- if lt $i 1 }}FIRST {{ end }}
{{- if ge $i 1 }}, {{ end }}{{ $m.Role }}={{ $m.Content }}
{{- if gt (len (slice $.Messages $i)) 1 }} more{{ end }}
{{- end }} (of {{ $n }})`,
  },
];

/** Templates the translator must refuse, with the construct the error names. */
export const untranslatable: { template: string; construct: string }[] = [
  { template: '{{ range .Messages }}{{ break }}{{ end }}', construct: '{{break}}' },
  { template: '{{ define "x" }}y{{ end }}{{ template "x" }}', construct: '{{define}}' },
  { template: '{{ .Prompt }}{{ .Response }}', construct: '.Prompt/.Response' },
  { template: '{{ json .Messages }}', construct: 'the function "json"' },
  { template: '{{ printf "%s" .System }}', construct: 'the function "printf"' },
  { template: '{{ currentDate }}{{ .Messages }}', construct: 'the function "currentDate"' },
  { template: '{{ eq .System "" }}{{ .Messages }}', construct: '{{eq .System ""}}' },
  { template: '{{ .Tools }}{{ .Messages }}', construct: '{{.Tools}}' },
  {
    template:
      '{{ range .Messages }}{{ range .ToolCalls }}{{ .Function.Arguments }}{{ end }}{{ end }}',
    construct: '.Function.Arguments',
  },
  { template: '{{ range .Messages }}{{ .Images }}{{ end }}', construct: '.Images' },
];
