/**
 * mfc's own Go chat templates, one per model family, written so that the
 * prompt they render is the one the family's own (Jinja) chat template
 * renders, minus the leading BOS token that llama.cpp adds at tokenization.
 * They follow the conventions of Ollama's library: messages mode, the
 * generation prompt only after a final non-assistant message.
 */

export interface ChatTemplateDef {
  /** Stable name, e.g. `llama3`, `chatml`. */
  name: string;
  /** Which models use it. */
  description: string;
  /** The Go template text. */
  template: string;
  /** Stop sequences a Modelfile should set with it. */
  stop: string[];
}

const llama3 = `{{- if .System }}<|start_header_id|>system<|end_header_id|>

{{ .System }}<|eot_id|>
{{- end }}
{{- range $i, $_ := .Messages }}
{{- $last := eq (len (slice $.Messages $i)) 1 }}
{{- if eq .Role "system" }}
{{- else if eq .Role "tool" }}<|start_header_id|>ipython<|end_header_id|>

{{ .Content }}<|eot_id|>
{{- else if and (eq .Role "assistant") .ToolCalls }}<|start_header_id|>assistant<|end_header_id|>

{{ range .ToolCalls }}{"name": "{{ .Function.Name }}", "parameters": {{ .Function.Arguments }}}{{ end }}<|eot_id|>
{{- else }}<|start_header_id|>{{ .Role }}<|end_header_id|>

{{ .Content }}{{ if or (ne .Role "assistant") (not $last) }}<|eot_id|>{{ end }}
{{- end }}
{{- if and $last (ne .Role "assistant") }}<|start_header_id|>assistant<|end_header_id|>

{{ end }}
{{- end }}`;

const llama31 = `<|start_header_id|>system<|end_header_id|>

{{ if .Tools }}Environment: ipython
{{ end }}Cutting Knowledge Date: December 2023
Today Date: {{ currentDate }}

{{ .System }}<|eot_id|>
{{- range $i, $_ := .Messages }}
{{- $last := eq (len (slice $.Messages $i)) 1 }}
{{- if eq .Role "system" }}
{{- else if eq .Role "tool" }}<|start_header_id|>ipython<|end_header_id|>

{{ .Content }}<|eot_id|>
{{- else if and (eq .Role "assistant") .ToolCalls }}<|start_header_id|>assistant<|end_header_id|>

{{ range .ToolCalls }}{"name": "{{ .Function.Name }}", "parameters": {{ .Function.Arguments }}}{{ end }}<|eot_id|>
{{- else }}<|start_header_id|>{{ .Role }}<|end_header_id|>

{{ .Content }}{{ if or (ne .Role "assistant") (not $last) }}<|eot_id|>{{ end }}
{{- end }}
{{- if and $last (ne .Role "assistant") }}<|start_header_id|>assistant<|end_header_id|>

{{ end }}
{{- end }}`;

const llama2 = `{{- $first := true }}
{{- range $i, $_ := .Messages }}
{{- $last := eq (len (slice $.Messages $i)) 1 }}
{{- if eq .Role "user" }}{{ if not $first }}<s>{{ end }}[INST] {{ if and $first $.System }}<<SYS>>
{{ $.System }}
<</SYS>>

{{ end }}{{ .Content }} [/INST]{{ $first = false }}
{{- else if eq .Role "assistant" }} {{ .Content }}{{ if not $last }} </s>{{ end }}
{{- end }}
{{- end }}`;

const mistral = `{{- range $i, $_ := .Messages }}
{{- $last := eq (len (slice $.Messages $i)) 1 }}
{{- if eq .Role "user" }}
{{- if and $.Tools (le (len (slice $.Messages $i)) 2) }}[AVAILABLE_TOOLS] {{ $.Tools }}[/AVAILABLE_TOOLS]
{{- end }}[INST] {{ if and $.System $last }}{{ $.System }}

{{ end }}{{ .Content }}[/INST]
{{- else if eq .Role "assistant" }}
{{- if .Content }} {{ .Content }}
{{- else if .ToolCalls }}[TOOL_CALLS] [
{{- range .ToolCalls }}{"name": "{{ .Function.Name }}", "arguments": {{ .Function.Arguments }}}
{{- end }}]
{{- end }}{{ if not $last }}</s>{{ end }}
{{- else if eq .Role "tool" }}[TOOL_RESULTS] {"content": {{ .Content }}} [/TOOL_RESULTS]
{{- end }}
{{- end }}`;

const mistralLegacy = `{{- $first := true }}
{{- range $i, $_ := .Messages }}
{{- $last := eq (len (slice $.Messages $i)) 1 }}
{{- if eq .Role "user" }}[INST] {{ if and $first $.System }}{{ $.System }}

{{ end }}{{ .Content }} [/INST]{{ $first = false }}
{{- else if eq .Role "assistant" }}{{ .Content }}{{ if not $last }}</s>{{ end }}
{{- end }}
{{- end }}`;

const mistralNemo = `{{- range $i, $_ := .Messages }}
{{- $last := eq (len (slice $.Messages $i)) 1 }}
{{- if eq .Role "user" }}
{{- if and $.Tools $last }}[AVAILABLE_TOOLS]{{ $.Tools }}[/AVAILABLE_TOOLS]
{{- end }}[INST]{{ if and $.System $last }}{{ $.System }}

{{ end }}{{ .Content }}[/INST]
{{- else if eq .Role "assistant" }}
{{- if .Content }}{{ .Content }}
{{- else if .ToolCalls }}[TOOL_CALLS][
{{- range .ToolCalls }}{"name": "{{ .Function.Name }}", "arguments": {{ .Function.Arguments }}}
{{- end }}]
{{- end }}{{ if not $last }}</s>{{ end }}
{{- else if eq .Role "tool" }}[TOOL_RESULTS]{"content": {{ .Content }}}[/TOOL_RESULTS]
{{- end }}
{{- end }}`;

const gemma = `{{- $first := true }}
{{- range $i, $_ := .Messages }}
{{- $last := eq (len (slice $.Messages $i)) 1 }}
{{- if eq .Role "user" }}<start_of_turn>user
{{ if and $first $.System }}{{ $.System }}

{{ end }}{{ .Content }}<end_of_turn>
{{ $first = false }}
{{- if $last }}<start_of_turn>model
{{ end }}
{{- else if eq .Role "assistant" }}<start_of_turn>model
{{ .Content }}{{ if not $last }}<end_of_turn>
{{ end }}
{{- end }}
{{- end }}`;

const phi3 = `{{- range $i, $_ := .Messages }}
{{- $last := eq (len (slice $.Messages $i)) 1 }}
{{- if or (eq .Role "user") (eq .Role "assistant") (and (eq .Role "system") .Content) }}<|{{ .Role }}|>
{{ .Content }}{{ if or (ne .Role "assistant") (not $last) }}<|end|>
{{ end }}
{{- end }}
{{- if and $last (ne .Role "assistant") }}<|assistant|>
{{ end }}
{{- end }}`;

const chatml = `{{- range $i, $_ := .Messages }}
{{- $last := eq (len (slice $.Messages $i)) 1 -}}
<|im_start|>{{ .Role }}
{{ .Content }}{{ if or (ne .Role "assistant") (not $last) }}<|im_end|>
{{ end }}
{{- if and $last (ne .Role "assistant") }}<|im_start|>assistant
{{ end }}
{{- end }}`;

const qwen25 = `<|im_start|>system
{{ if .System }}{{ .System }}{{ else }}You are Qwen, created by Alibaba Cloud. You are a helpful assistant.{{ end }}
{{- if .Tools }}

# Tools

You may call one or more functions to assist with the user query.

You are provided with function signatures within <tools></tools> XML tags:
<tools>
{{- range .Tools }}
{{ json . }}
{{- end }}
</tools>

For each function call, return a json object with function name and arguments within <tool_call></tool_call> XML tags:
<tool_call>
{"name": <function-name>, "arguments": <args-json-object>}
</tool_call>
{{- end }}<|im_end|>
{{ range $i, $_ := .Messages }}
{{- $last := eq (len (slice $.Messages $i)) 1 -}}
{{- if and (eq .Role "system") (eq $i 0) }}
{{- else if eq .Role "tool" }}<|im_start|>user
<tool_response>
{{ .Content }}
</tool_response><|im_end|>
{{ else if eq .Role "assistant" }}<|im_start|>assistant
{{ if .Content }}{{ .Content }}{{ end }}
{{- range .ToolCalls }}
<tool_call>
{"name": "{{ .Function.Name }}", "arguments": {{ .Function.Arguments }}}
</tool_call>
{{- end }}{{ if not $last }}<|im_end|>
{{ end }}
{{- else }}<|im_start|>{{ .Role }}
{{ .Content }}<|im_end|>
{{ end }}
{{- if and $last (ne .Role "assistant") }}<|im_start|>assistant
{{ end }}
{{- end }}`;

const qwen2 = `{{- if .Messages }}{{ if ne (index .Messages 0).Role "system" }}<|im_start|>system
You are a helpful assistant<|im_end|>
{{ end }}{{ end }}
{{- range $i, $_ := .Messages }}
{{- $last := eq (len (slice $.Messages $i)) 1 -}}
<|im_start|>{{ .Role }}
{{ .Content }}{{ if or (ne .Role "assistant") (not $last) }}<|im_end|>
{{ end }}
{{- if and $last (ne .Role "assistant") }}<|im_start|>assistant
{{ end }}
{{- end }}`;

const phi3Mini = `{{- range $i, $_ := .Messages }}
{{- $last := eq (len (slice $.Messages $i)) 1 }}
{{- if eq .Role "user" }}<|user|>
{{ .Content }}<|end|>
<|assistant|>
{{ else if eq .Role "assistant" }}{{ .Content }}{{ if not $last }}<|end|>
{{ end }}
{{- end }}
{{- end }}`;

const commandR = `{{- if .System }}<|START_OF_TURN_TOKEN|><|SYSTEM_TOKEN|>{{ .System }}<|END_OF_TURN_TOKEN|>{{ end }}
{{- range $i, $_ := .Messages }}
{{- $last := eq (len (slice $.Messages $i)) 1 }}
{{- if eq .Role "user" }}<|START_OF_TURN_TOKEN|><|USER_TOKEN|>{{ .Content }}<|END_OF_TURN_TOKEN|>
{{- else if eq .Role "assistant" }}<|START_OF_TURN_TOKEN|><|CHATBOT_TOKEN|>{{ .Content }}{{ if not $last }}<|END_OF_TURN_TOKEN|>{{ end }}
{{- end }}
{{- if and $last (ne .Role "assistant") }}<|START_OF_TURN_TOKEN|><|CHATBOT_TOKEN|>{{ end }}
{{- end }}`;

const zephyr = `{{- range $i, $_ := .Messages }}
{{- $last := eq (len (slice $.Messages $i)) 1 -}}
<|{{ .Role }}|>
{{ .Content }}{{ if or (ne .Role "assistant") (not $last) }}</s>
{{ end }}
{{- if and $last (ne .Role "assistant") }}<|assistant|>
{{ end }}
{{- end }}`;

export const chatTemplates: readonly ChatTemplateDef[] = [
  {
    name: 'llama3',
    description: 'Llama 3 / 3.x Instruct (header tokens, no date block)',
    template: llama3,
    stop: ['<|start_header_id|>', '<|end_header_id|>', '<|eot_id|>'],
  },
  {
    name: 'llama3.1',
    description: 'Llama 3.1 / 3.2 / 3.3 Instruct (system block with knowledge and today dates)',
    template: llama31,
    stop: ['<|start_header_id|>', '<|end_header_id|>', '<|eot_id|>'],
  },
  {
    name: 'llama2',
    description: 'Llama 2 Chat ([INST] with <<SYS>>)',
    template: llama2,
    stop: ['[INST]', '[/INST]', '<<SYS>>', '<</SYS>>'],
  },
  {
    name: 'mistral',
    description: 'Mistral Instruct v0.3 ([INST] … [/INST], tools)',
    template: mistral,
    stop: ['[INST]', '[/INST]'],
  },
  {
    name: 'mistral-legacy',
    description: 'Mistral Instruct v0.1/v0.2, Mixtral ([INST] … [/INST] with spaces)',
    template: mistralLegacy,
    stop: ['[INST]', '[/INST]'],
  },
  {
    name: 'mistral-nemo',
    description: 'Mistral Nemo / Small ([INST]…[/INST] without spaces)',
    template: mistralNemo,
    stop: ['[INST]', '[/INST]'],
  },
  {
    name: 'gemma',
    description: 'Gemma 1/2 and Gemma 3 (<start_of_turn>, system folded into the first user turn)',
    template: gemma,
    stop: ['<start_of_turn>', '<end_of_turn>'],
  },
  {
    name: 'phi3',
    description: 'Phi-3 / Phi-3.5 (<|user|> … <|end|>)',
    template: phi3,
    stop: ['<|end|>', '<|user|>', '<|assistant|>'],
  },
  {
    name: 'phi3-mini',
    description:
      'Phi-3 mini (original release: no system turn, <|assistant|> after every user turn)',
    template: phi3Mini,
    stop: ['<|end|>', '<|user|>', '<|assistant|>'],
  },
  {
    name: 'chatml',
    description: 'ChatML (<|im_start|>), Qwen 2/3 without a default system, Hermes, Yi',
    template: chatml,
    stop: ['<|im_start|>', '<|im_end|>'],
  },
  {
    name: 'qwen2.5',
    description: 'Qwen 2.5 (ChatML with its default system prompt and tool calls)',
    template: qwen25,
    stop: ['<|im_start|>', '<|im_end|>'],
  },
  {
    name: 'qwen2',
    description: 'Qwen 2 / Qwen 1.5 (ChatML with the default system "You are a helpful assistant")',
    template: qwen2,
    stop: ['<|im_start|>', '<|im_end|>'],
  },
  {
    name: 'command-r',
    description: 'Cohere Command R / R+',
    template: commandR,
    stop: ['<|START_OF_TURN_TOKEN|>', '<|END_OF_TURN_TOKEN|>'],
  },
  {
    name: 'zephyr',
    description: 'Zephyr / TinyLlama chat (<|user|> … </s>)',
    template: zephyr,
    stop: ['<|system|>', '<|user|>', '<|assistant|>', '</s>'],
  },
];

/** A template by name, or undefined. */
export function chatTemplate(name: string): ChatTemplateDef | undefined {
  return chatTemplates.find((t) => t.name === name);
}
