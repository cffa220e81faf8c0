# Dumps GGUF files as JSON with llama.cpp's own gguf-py (GGUFReader), for the
# agreement test: every KV (type, element type, full value) and every tensor
# (name, type, shape in ggml order, absolute data offset).
# Usage: PYTHONPATH=<llama.cpp>/gguf-py python3 gguf_py_dump.py FILE...
import json
import sys

from gguf import GGUFReader, GGUFValueType


def dump(path):
    reader = GGUFReader(path)
    kvs = {}
    for key, field in reader.fields.items():
        if key.startswith('GGUF.'):
            continue
        entry = {'type': field.types[0].name.lower()}
        if field.types[0] == GGUFValueType.ARRAY:
            entry['itemType'] = field.types[1].name.lower() if len(field.types) > 1 else None
            entry['length'] = len(field.data)
        entry['value'] = field.contents()
        kvs[key] = entry
    tensors = [
        {
            'name': t.name,
            'type': t.tensor_type.name,
            'shape': [int(d) for d in t.shape],
            'absoluteOffset': int(t.data_offset),
        }
        for t in reader.tensors
    ]
    return {'version': int(reader.fields['GGUF.version'].contents()), 'metadata': kvs, 'tensors': tensors}


out = {path: dump(path) for path in sys.argv[1:]}
json.dump(out, sys.stdout, ensure_ascii=False)
