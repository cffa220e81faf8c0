/**
 * The Jinja→Go translator's corpus: chat templates in the shape models ship
 * them (tokenizer_config.json's chat_template), with the special tokens of
 * their vocabularies, and templates that must be refused.
 */
import type { SpecialTokens } from '../src/index.js';

export interface CorpusTemplate {
  name: string;
  jinja: string;
  tokens: SpecialTokens;
  /** Conversations the Jinja refuses (raise_exception), so are not compared. */
  refuses?: string[];
}

const llama2Tokens = { bos: '<s>', eos: '</s>' };

export const translatable: CorpusTemplate[] = [
  {
    name: 'chatml',
    tokens: { bos: '<|endoftext|>', eos: '<|im_end|>' },
    jinja:
      "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n'}}{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}",
  },
  {
    name: 'qwen2-default-system',
    tokens: { eos: '<|im_end|>' },
    jinja: `{% for message in messages %}{% if loop.first and messages[0]['role'] != 'system' %}{{ '<|im_start|>system
You are a helpful assistant.<|im_end|>
' }}{% endif %}{{'<|im_start|>' + message['role'] + '
' + message['content'] + '<|im_end|>' + '
'}}{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant
' }}{% endif %}`,
  },
  {
    name: 'llama2-system-in-first-user',
    // Roles must alternate user/assistant: a tool result is refused.
    refuses: ['tool-result'],
    tokens: llama2Tokens,
    jinja:
      "{% if messages[0]['role'] == 'system' %}{% set loop_messages = messages[1:] %}{% set system_message = messages[0]['content'] %}{% else %}{% set loop_messages = messages %}{% set system_message = false %}{% endif %}{% for message in loop_messages %}{% if (message['role'] == 'user') != (loop.index0 % 2 == 0) %}{{ raise_exception('Conversation roles must alternate user/assistant/user/assistant/...') }}{% endif %}{% if loop.index0 == 0 and system_message != false %}{% set content = '<<SYS>>\\n' + system_message + '\\n<</SYS>>\\n\\n' + message['content'] %}{% else %}{% set content = message['content'] %}{% endif %}{% if message['role'] == 'user' %}{{ bos_token + '[INST] ' + content.strip() + ' [/INST]' }}{% elif message['role'] == 'assistant' %}{{ ' '  + content.strip() + ' ' + eos_token }}{% endif %}{% endfor %}",
  },
  {
    name: 'llama3',
    tokens: { bos: '<|begin_of_text|>', eos: '<|eot_id|>' },
    jinja:
      "{% set loop_messages = messages %}{% for message in loop_messages %}{% set content = '<|start_header_id|>' + message['role'] + '<|end_header_id|>\\n\\n'+ message['content'] | trim + '<|eot_id|>' %}{% if loop.index0 == 0 %}{% set content = bos_token + content %}{% endif %}{{ content }}{% endfor %}{% if add_generation_prompt %}{{ '<|start_header_id|>assistant<|end_header_id|>\\n\\n' }}{% endif %}",
  },
  {
    name: 'mistral-instruct-v0.1',
    tokens: llama2Tokens,
    jinja:
      "{{ bos_token }}{% for message in messages %}{% if (message['role'] == 'user') != (loop.index0 % 2 == 0) %}{{ raise_exception('Conversation roles must alternate user/assistant/user/assistant/...') }}{% endif %}{% if message['role'] == 'user' %}{{ '[INST] ' + message['content'] + ' [/INST]' }}{% elif message['role'] == 'assistant' %}{{ message['content'] + eos_token}}{% else %}{{ raise_exception('Only user and assistant roles are supported!') }}{% endif %}{% endfor %}",
    refuses: ['system-user-assistant-user', 'system-user', 'assistant-last', 'tool-result'],
  },
  {
    name: 'mistral-v0.3-system-in-last-user',
    // Roles must alternate user/assistant: a tool result is refused.
    refuses: ['tool-result'],
    tokens: llama2Tokens,
    jinja: `{%- if messages[0]['role'] == 'system' %}
    {%- set system_message = messages[0]['content'] %}
    {%- set loop_messages = messages[1:] %}
{%- else %}
    {%- set loop_messages = messages %}
{%- endif %}

{{- bos_token }}
{%- for message in loop_messages %}
    {%- if (message['role'] == 'user') != (loop.index0 % 2 == 0) %}
        {{- raise_exception('After the optional system message, conversation roles must alternate user/assistant/user/assistant/...') }}
    {%- endif %}
    {%- if message['role'] == 'user' %}
        {%- if loop.last and system_message is defined %}
            {{- '[INST] ' + system_message + '\\n\\n' + message['content'] + '[/INST]' }}
        {%- else %}
            {{- '[INST] ' + message['content'] + '[/INST]' }}
        {%- endif %}
    {%- elif message['role'] == 'assistant' %}
        {{- ' ' + message['content']|trim + eos_token}}
    {%- else %}
        {{- raise_exception('Only user and assistant roles are supported, with the exception of an initial optional system message!') }}
    {%- endif %}
{%- endfor %}
`,
  },
  {
    name: 'gemma2-model-role-no-system',
    tokens: { bos: '<bos>', eos: '<eos>' },
    jinja:
      "{{ bos_token }}{% if messages[0]['role'] == 'system' %}{{ raise_exception('System role not supported') }}{% endif %}{% for message in messages %}{% if (message['role'] == 'user') != (loop.index0 % 2 == 0) %}{{ raise_exception('Conversation roles must alternate user/assistant/user/assistant/...') }}{% endif %}{% if (message['role'] == 'assistant') %}{% set role = 'model' %}{% else %}{% set role = message['role'] %}{% endif %}{{ '<start_of_turn>' + role + '\\n' + message['content'] | trim + '<end_of_turn>\\n' }}{% endfor %}{% if add_generation_prompt %}{{'<start_of_turn>model\\n'}}{% endif %}",
    refuses: ['system-user-assistant-user', 'system-user', 'assistant-last', 'tool-result'],
  },
  {
    name: 'gemma3-system-as-first-user-prefix',
    // Roles must alternate user/assistant: a tool result is refused.
    refuses: ['tool-result'],
    tokens: { bos: '<bos>', eos: '<eos>' },
    jinja: `{{ bos_token }}
{%- if messages[0]['role'] == 'system' -%}
    {%- if messages[0]['content'] is string -%}
        {%- set first_user_prefix = messages[0]['content'] + '\\n\\n' -%}
    {%- else -%}
        {%- set first_user_prefix = messages[0]['content'][0]['text'] + '\\n\\n' -%}
    {%- endif -%}
    {%- set loop_messages = messages[1:] -%}
{%- else -%}
    {%- set first_user_prefix = "" -%}
    {%- set loop_messages = messages -%}
{%- endif -%}
{%- for message in loop_messages -%}
    {%- if (message['role'] == 'user') != (loop.index0 % 2 == 0) -%}
        {{ raise_exception("Conversation roles must alternate user/assistant/user/assistant/...") }}
    {%- endif -%}
    {%- if (message['role'] == 'assistant') -%}
        {%- set role = "model" -%}
    {%- else -%}
        {%- set role = message['role'] -%}
    {%- endif -%}
    {{ '<start_of_turn>' + role + '\\n' + (first_user_prefix if loop.first else "") }}
    {%- if message['content'] is string -%}
        {{ message['content'] | trim }}
    {%- elif message['content'] is iterable -%}
        {%- for item in message['content'] -%}
            {%- if item['type'] == 'image' -%}
                {{ '<start_of_image>' }}
            {%- elif item['type'] == 'text' -%}
                {{ item['text'] | trim }}
            {%- endif -%}
        {%- endfor -%}
    {%- else -%}
        {{ raise_exception("Invalid content type") }}
    {%- endif -%}
    {{ '<end_of_turn>\\n' }}
{%- endfor -%}
{%- if add_generation_prompt -%}
    {{'<start_of_turn>model\\n'}}
{%- endif -%}
`,
  },
  {
    name: 'phi3',
    tokens: { bos: '<s>', eos: '<|endoftext|>' },
    jinja:
      "{% for message in messages %}{% if message['role'] == 'system' %}{{'<|system|>\\n' + message['content'] + '<|end|>\\n'}}{% elif message['role'] == 'user' %}{{'<|user|>\\n' + message['content'] + '<|end|>\\n'}}{% elif message['role'] == 'assistant' %}{{'<|assistant|>\\n' + message['content'] + '<|end|>\\n'}}{% endif %}{% endfor %}{% if add_generation_prompt %}{{ '<|assistant|>\\n' }}{% else %}{{ eos_token }}{% endif %}",
  },
  {
    name: 'zephyr',
    tokens: { bos: '<s>', eos: '</s>' },
    jinja:
      "{% for message in messages %}\n{% if message['role'] == 'user' %}\n{{ '<|user|>\n' + message['content'] + eos_token }}\n{% elif message['role'] == 'system' %}\n{{ '<|system|>\n' + message['content'] + eos_token }}\n{% elif message['role'] == 'assistant' %}\n{{ '<|assistant|>\n'  + message['content'] + eos_token }}\n{% endif %}\n{% if loop.last and add_generation_prompt %}\n{{ '<|assistant|>' }}\n{% endif %}\n{% endfor %}",
  },
  {
    name: 'vicuna',
    tokens: llama2Tokens,
    jinja: `{% if messages[0]['role'] == 'system' %}{% set loop_messages = messages[1:] %}{% set system_message = messages[0]['content'] %}{% else %}{% set loop_messages = messages %}{% set system_message = "A chat between a curious user and an artificial intelligence assistant. The assistant gives helpful, detailed, and polite answers to the user's questions." %}{% endif %}{{ system_message }}{% for message in loop_messages %}{% if message['role'] == 'user' %}{{ ' USER: ' + message['content'].strip() }}{% elif message['role'] == 'assistant' %}{{ ' ASSISTANT: ' + message['content'].strip() + eos_token }}{% endif %}{% endfor %}{% if add_generation_prompt %}{{ ' ASSISTANT:' }}{% endif %}`,
  },
  {
    name: 'deepseek-llm',
    tokens: { bos: '<｜begin▁of▁sentence｜>', eos: '<｜end▁of▁sentence｜>' },
    jinja:
      "{% if not add_generation_prompt is defined %}{% set add_generation_prompt = false %}{% endif %}{{ bos_token }}{% for message in messages %}{% if message['role'] == 'user' %}{{ 'User: ' + message['content'] + '\n\n' }}{% elif message['role'] == 'assistant' %}{{ 'Assistant: ' + message['content'] + eos_token }}{% elif message['role'] == 'system' %}{{ message['content'] + '\n\n' }}{% endif %}{% endfor %}{% if add_generation_prompt %}{{ 'Assistant:' }}{% endif %}",
  },
  {
    name: 'deepseek-r1-namespace',
    tokens: { bos: '<｜begin▁of▁sentence｜>', eos: '<｜end▁of▁sentence｜>' },
    jinja: `{% if not add_generation_prompt is defined %}{% set add_generation_prompt = false %}{% endif %}{% set ns = namespace(is_first=false, is_tool=false, system_prompt='', is_first_sp=true) %}{%- for message in messages %}{%- if message['role'] == 'system' %}{%- if ns.is_first_sp %}{% set ns.system_prompt = ns.system_prompt + message['content'] %}{% set ns.is_first_sp = false %}{%- else %}{% set ns.system_prompt = ns.system_prompt + '\\n\\n' + message['content'] %}{%- endif %}{%- endif %}{%- endfor %}{{ bos_token }}{{ ns.system_prompt }}{%- for message in messages %}{%- if message['role'] == 'user' %}{{'<｜User｜>' + message['content']}}{%- endif %}{%- if message['role'] == 'assistant' %}{{'<｜Assistant｜>' + message['content'] + '<｜end▁of▁sentence｜>'}}{%- endif %}{%- endfor -%}{% if add_generation_prompt %}{{'<｜Assistant｜><think>\\n'}}{% endif %}`,
  },
  {
    name: 'command-r-like-preamble',
    // Roles must alternate user/assistant: a tool result is refused.
    refuses: ['tool-result'],
    tokens: { bos: '<BOS_TOKEN>', eos: '<|END_OF_TURN_TOKEN|>' },
    jinja: `{{ bos_token }}{% if messages[0]['role'] == 'system' %}{% set loop_messages = messages[1:] %}{% set system_message = messages[0]['content'] %}{% elif false == true %}{% set loop_messages = messages %}{% set system_message = 'You are Command-R.' %}{% else %}{% set loop_messages = messages %}{% set system_message = false %}{% endif %}{% if system_message != false %}{{ '<|START_OF_TURN_TOKEN|><|SYSTEM_TOKEN|>' + system_message + '<|END_OF_TURN_TOKEN|>' }}{% endif %}{% for message in loop_messages %}{% if (message['role'] == 'user') != (loop.index0 % 2 == 0) %}{{ raise_exception('Conversation roles must alternate user/assistant/user/assistant/...') }}{% endif %}{% set content = message['content'] %}{% if message['role'] == 'user' %}{{ '<|START_OF_TURN_TOKEN|><|USER_TOKEN|>' + content.strip() + '<|END_OF_TURN_TOKEN|>' }}{% elif message['role'] == 'assistant' %}{{ '<|START_OF_TURN_TOKEN|><|CHATBOT_TOKEN|>'  + content.strip() + '<|END_OF_TURN_TOKEN|>' }}{% endif %}{% endfor %}{% if add_generation_prompt %}{{ '<|START_OF_TURN_TOKEN|><|CHATBOT_TOKEN|>' }}{% endif %}`,
  },
  {
    name: 'gemma4-like-turns',
    tokens: { bos: '<bos>', eos: '<eos>' },
    jinja: `{%- set ns = namespace(prev_message_type=None) -%}
{%- set loop_messages = messages -%}
{{ bos_token }}
{%- if (enable_thinking is defined and enable_thinking) or tools or messages[0]['role'] in ['system', 'developer'] -%}
    {{- '<|turn>system\\n' -}}
    {%- if enable_thinking is defined and enable_thinking -%}
        {{- '<|think|>' -}}
        {%- set ns.prev_message_type = 'think' -%}
    {%- endif -%}
    {%- if messages[0]['role'] in ['system', 'developer'] -%}
        {{- messages[0]['content'] | trim -}}
        {%- set loop_messages = messages[1:] -%}
    {%- endif -%}
    {{- '<turn|>\\n' -}}
{%- endif %}
{%- for message in loop_messages -%}
    {%- set ns.prev_message_type = None -%}
    {%- set role = 'model' if message['role'] == 'assistant' else message['role'] -%}
    {{- '<|turn>' + role + '\\n' }}
    {%- if message['tool_responses'] -%}
        {%- set ns.prev_message_type = 'tool_response' -%}
    {%- endif -%}
    {%- if message['content'] is string -%}
        {{- message['content'] | trim -}}
    {%- endif -%}
    {%- if not (message['tool_responses'] and not message['content']) -%}
        {{- '<turn|>\\n' -}}
    {%- endif -%}
{%- endfor -%}
{%- if add_generation_prompt -%}
    {%- if ns.prev_message_type != 'tool_response' -%}
        {{- '<|turn>model\\n' -}}
    {%- endif -%}
    {%- if not enable_thinking | default(false) -%}
        {{- '<|channel>thought\\n<channel|>' -}}
    {%- endif -%}
{%- endif -%}
`,
  },
  {
    name: 'alpaca-with-for-else-and-loop-length',
    tokens: {},
    jinja: `{% for message in messages if message.role != 'system' %}{% if message.role == 'user' %}### Instruction:
{{ message.content }}

{% else %}### Response:
{{ message.content }}

{% endif %}{% endfor %}### Response:
{% for m in messages %}{% if loop.length > 2 and loop.last %}({{ loop.length }} messages){% endif %}{% else %}(none){% endfor %}`,
  },
  {
    name: 'braces-in-text-and-tilde',
    tokens: {},
    jinja: `{%- for message in messages -%}
{{ '{' ~ message.role ~ '}' }}{{ message.content }}{ {{- loop.index0 -}} }
{% endfor -%}
{{ "{{ done }}" }}`,
  },
  {
    name: 'not-in-none-tests-and-loop-index',
    tokens: {},
    jinja: `{%- set s = none -%}
{%- if messages[0].role == 'system' %}{% set s = messages[0].content %}{% endif -%}
{%- if s is none %}(no system)
{% else %}[{{ s }}]
{% endif -%}
{%- for m in messages -%}
{%- if loop.index == 1 %}#{% endif -%}
{%- if m.role not in ['user', 'system'] %}A: {% elif m.content is not none %}{{ m.role }}: {% endif -%}
{{ m.content }}
{% endfor -%}
{%- if messages | length > 2 %}({{ messages | length }} turns){% endif %}`,
  },
  {
    name: 'set-with-conditional-and-nested-loop',
    tokens: {},
    jinja: `{%- for m in messages -%}
{%- set tag = '<' + ('bot' if m.role == 'assistant' else m.role) + '>' -%}
{%- for n in messages %}{% if loop.first and n.role == 'system' %}*{% endif %}{% endfor -%}
{{ tag }}{{ m.content }}{{ '</' ~ m.role ~ '>' }}
{% endfor %}`,
  },
  {
    name: 'last-message-first-filter-and-revindex',
    tokens: {},
    jinja: `{%- for m in messages %}<{{ m.role }}:{{ loop.revindex }}>{{ m.content }}
{% endfor -%}
{%- if messages[-1]['role'] != 'assistant' %}<assistant>{% else %}(continued){% endif -%}
({{ (messages | first).role }} … {{ (messages | last)['role'] }})`,
  },
  {
    // Ollama's variable walk does not see `(index $.Messages 0).Content`; the
    // translation must still be a messages-mode template.
    name: 'first-message-only',
    tokens: {},
    jinja: `Topic: {{ messages[0]['content'] }}
Reply:`,
  },
  {
    // Qwen 2.5's template with its tool branches (tools are not translated) and
    // a custom default system prompt, as fine-tunes ship it: no library match.
    name: 'qwen2.5-fine-tune-with-tool-results',
    tokens: { eos: '<|im_end|>' },
    jinja: `{%- if tools %}
    {{- '<|im_start|>system\\n' }}
    {%- if messages[0]['role'] == 'system' %}
        {{- messages[0]['content'] }}
    {%- else %}
        {{- 'You are Tiny, a cheerful assistant.' }}
    {%- endif %}
    {{- "\\n\\n# Tools\\n\\nYou may call one or more functions to assist with the user query.\\n\\nYou are provided with function signatures within <tools></tools> XML tags:\\n<tools>" }}
    {%- for tool in tools %}
        {{- "\\n" }}
        {{- tool | tojson }}
    {%- endfor %}
    {{- "\\n</tools><|im_end|>\\n" }}
{%- else %}
    {%- if messages[0]['role'] == 'system' %}
        {{- '<|im_start|>system\\n' + messages[0]['content'] + '<|im_end|>\\n' }}
    {%- else %}
        {{- '<|im_start|>system\\nYou are Tiny, a cheerful assistant.<|im_end|>\\n' }}
    {%- endif %}
{%- endif %}
{%- for message in messages %}
    {%- if (message.role == "user") or (message.role == "system" and not loop.first) or (message.role == "assistant" and not message.tool_calls) %}
        {{- '<|im_start|>' + message.role + '\\n' + message.content + '<|im_end|>' + '\\n' }}
    {%- elif message.role == "assistant" %}
        {{- '<|im_start|>' + message.role }}
        {%- if message.content %}
            {{- '\\n' + message.content }}
        {%- endif %}
        {%- for tool_call in message.tool_calls %}
            {%- if tool_call.function is defined %}
                {%- set tool_call = tool_call.function %}
            {%- endif %}
            {{- '\\n<tool_call>\\n{"name": "' }}
            {{- tool_call.name }}
            {{- '", "arguments": ' }}
            {{- tool_call.arguments | tojson }}
            {{- '}\\n</tool_call>' }}
        {%- endfor %}
        {{- '<|im_end|>\\n' }}
    {%- elif message.role == "tool" %}
        {%- if (loop.index0 == 0) or (messages[loop.index0 - 1].role != "tool") %}
            {{- '<|im_start|>user' }}
        {%- endif %}
        {{- '\\n<tool_response>\\n' }}
        {{- message.content }}
        {{- '\\n</tool_response>' }}
        {%- if loop.last or (messages[loop.index0 + 1].role != "tool") %}
            {{- '<|im_end|>\\n' }}
        {%- endif %}
    {%- endif %}
{%- endfor %}
{%- if add_generation_prompt %}
    {{- '<|im_start|>assistant\\n' }}
{%- endif %}
`,
  },
];

/** Templates (or parts) that must be refused, with the construct the error names. */
export const untranslatable: { name: string; jinja: string; construct: string; at?: string }[] = [
  {
    name: 'macro',
    jinja: `{% macro turn(r, c) %}<{{ r }}>{{ c }}{% endmacro %}{% for m in messages %}{{ turn(m.role, m.content) }}{% endfor %}`,
    construct: 'the macro "turn"',
    at: 'line 1, column 79',
  },
  {
    name: 'tojson-of-message',
    jinja: `{% for m in messages %}{{ m | tojson }}{% endfor %}`,
    construct: 'the filter "tojson"',
  },
  {
    name: 'negative-index',
    jinja: `{% if messages[-2]['role'] == 'user' %}<|assistant|>{% endif %}`,
    construct: 'messages[-2]',
  },
  {
    name: 'strftime',
    jinja: `Today is {{ strftime_now('%d %b %Y') }}.
{% for m in messages %}{{ m.content }}{% endfor %}`,
    construct: 'strftime_now()',
    at: 'line 1, column 13',
  },
  {
    name: 'loop-index-arithmetic',
    jinja: `{% for m in messages %}{{ loop.index }}. {{ m.content }}
{% endfor %}`,
    construct: 'loop.index',
  },
  {
    name: 'substring-test',
    jinja: `{% for m in messages %}{% if '<think>' in m.content %}T{% endif %}{{ m.content }}{% endfor %}`,
    construct: '`in` a string or list',
  },
  {
    name: 'case-change-of-a-role',
    jinja: `{% for m in messages %}{{ m.role | upper }}: {{ m.content }}{% endfor %}`,
    construct: 'the filter "upper"',
    at: 'line 1, column 36',
  },
  {
    name: 'raise-everywhere',
    jinja: `{{ raise_exception('this model is not for chat') }}`,
    construct: 'raise_exception',
  },
];

/**
 * Translatable, but not faithfully on every input: Go holds none as "", so an
 * empty system prompt looks like none. Verification must reject it.
 */
export const differing = {
  jinja: `{%- set s = none -%}
{%- if messages[0].role == 'system' %}{% set s = '' %}{% endif -%}
{%- if s is none %}(no system){% endif -%}
{%- for m in messages %}{{ m.role }}: {{ m.content }}
{% endfor %}`,
  differsOn: 'system-user-assistant-user',
};
