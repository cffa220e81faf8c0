# Checks the generated Hugging Face folder against the generated GGUF the way
# llama.cpp's convert_hf_to_gguf.py would convert it: tensor names through
# gguf-py's TensorNameMap, q_proj/k_proj through LlamaModel.permute (its source
# text, taken from conversion/llama.py), and the result compared with the GGUF
# tensors as gguf-py reads them.
# Usage: PYTHONPATH=<llama.cpp>/gguf-py python3 hf_to_gguf_check.py LLAMA_CPP_DIR HF_DIR GGUF...
import json
import re
import sys
import textwrap

import numpy as np
from gguf import GGUFReader, MODEL_ARCH, get_tensor_name_map

llama_cpp, hf_dir, ggufs = sys.argv[1], sys.argv[2], sys.argv[3:]

source = open(f'{llama_cpp}/conversion/llama.py', encoding='utf-8').read()
match = re.search(r'    @staticmethod\n    def permute\(.*?\n(?=    @|    def )', source, re.S)
namespace = {}
exec('from __future__ import annotations\n' + textwrap.dedent(match.group(0)).replace('@staticmethod\n', ''), namespace)
permute = namespace['permute']

config = json.load(open(f'{hf_dir}/config.json'))
n_head, n_kv = config['num_attention_heads'], config['num_key_value_heads']
name_map = get_tensor_name_map(MODEL_ARCH.LLAMA, config['num_hidden_layers'])

with open(f'{hf_dir}/model.safetensors', 'rb') as f:
    raw = f.read()
header_len = int.from_bytes(raw[:8], 'little')
header = json.loads(raw[8:8 + header_len])
dtypes = {'F16': np.float16, 'F32': np.float32, 'BF16': None}
hf = {}
for name, info in header.items():
    if name == '__metadata__':
        continue
    begin, end = info['data_offsets']
    data = np.frombuffer(raw, dtype=dtypes[info['dtype']], count=(end - begin) // 2, offset=8 + header_len + begin)
    hf[name] = data.reshape(info['shape'])

converted = {}
permuted = 0
for name, w in hf.items():
    if name.endswith(('q_proj.weight', 'k_proj.weight')):
        before = w
        w = permute(w, n_head, n_head if name.endswith('q_proj.weight') else n_kv)
        permuted += int(not np.array_equal(before, w))
    converted[name_map.get_name(name, try_suffixes=('.weight', '.bias'))] = w

result = {}
for path in ggufs:
    reader = GGUFReader(path)
    tensors = {t.name: t for t in reader.tensors}
    mismatches = []
    for name, w in converted.items():
        t = tensors.get(name)
        if t is None:
            mismatches.append(f'{name}: missing from the GGUF')
            continue
        got = np.asarray(t.data).astype(np.float32).reshape(w.shape)
        if not np.array_equal(got, w.astype(np.float32)):
            mismatches.append(f'{name}: values differ')
    extra = sorted(set(tensors) - set(converted))
    result[path] = {'checked': len(converted), 'permuted': permuted, 'mismatches': mismatches, 'extra': extra}
json.dump(result, sys.stdout)
