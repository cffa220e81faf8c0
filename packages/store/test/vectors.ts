/** Test inputs from Ollama's unit tests, with the digests Ollama produces for them. */

/** The 68-byte GGUF of Ollama's `createBinFile`: no tensors, one KV `general.architecture = "test"`. */
export function tinyTestGguf(): Buffer {
  const key = Buffer.from('general.architecture');
  const value = Buffer.from('test');
  const b = Buffer.alloc(4 + 4 + 8 + 8 + 8 + key.length + 4 + 8 + value.length);
  let o = 0;
  b.write('GGUF', o);
  o += 4;
  b.writeUInt32LE(3, o);
  o += 4;
  b.writeBigUInt64LE(0n, o);
  o += 8;
  b.writeBigUInt64LE(1n, o);
  o += 8;
  b.writeBigUInt64LE(BigInt(key.length), o);
  o += 8;
  key.copy(b, o);
  o += key.length;
  b.writeUInt32LE(8, o);
  o += 4;
  b.writeBigUInt64LE(BigInt(value.length), o);
  o += 8;
  value.copy(b, o);
  return b;
}

export const TINY_GGUF_DIGEST =
  'sha256:89a2116c3a82d6a97f59f748d86ed4417214353fd178ee54df418fde32495fad';
export const TEST_CONFIG_TEXT =
  '{"model_format":"gguf","model_family":"test","model_families":["test"],"model_type":"0","file_type":"unknown","architecture":"amd64","os":"linux"}\n';
export const TEST_CONFIG_DIGEST =
  'sha256:99759ad5b91e723db0393d698ffbb448b1b7df5ff6377a108c49254583b1bc8c';
export const TEMPLATE_TEXT = '{{ .System }} {{ .Prompt }}';
export const SYSTEM_TEXT = 'Say bye!';
export const TEMPLATE_SYSTEM_MANIFEST_DIGEST =
  'sha256:7bc444177813181a6ff291a7e06a908c0ca0cfc6816e9e7077f02e5ca3297825';
