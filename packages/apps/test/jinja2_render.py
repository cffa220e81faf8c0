# Renders Jinja chat templates with Python's jinja2, as transformers does
# (trim_blocks, lstrip_blocks) and with jinja2's defaults. Input on stdin:
# [{"id", "template", "messages"}]; output: [{"id", "transformers", "plain"}].
import json
import sys

import jinja2


def render(env, template, messages):
    return env.from_string(template).render(
        messages=messages, add_generation_prompt=True, bos_token="", eos_token=""
    )


hf = jinja2.Environment(trim_blocks=True, lstrip_blocks=True)
plain = jinja2.Environment()
out = []
for case in json.load(sys.stdin):
    out.append(
        {
            "id": case["id"],
            "transformers": render(hf, case["template"], case["messages"]),
            "plain": render(plain, case["template"], case["messages"]),
        }
    )
json.dump(out, sys.stdout)
