// @mfc/gguf — read, write and describe GGUF model files.
//
//   const g = await openGguf('model.gguf');          // or an http(s) URL; header only
//   g.architecture, g.fileTypeName, g.parameterCount, g.tensors, g.get('llama.context_length')
//   for await (const chunk of g.readTensorData('token_embd.weight')) …
//   const set = await openGgufSet('m-00001-of-00003.gguf');  // split sets as one model
//   await mergeSplitGguf('m-00002-of-00003.gguf', 'm.gguf'); // one file, split keys dropped
//   await writeGguf('out.gguf', {
//     metadata: [...g.metadata.values()].filter((e) => e.key !== 'general.name').concat(kv.string('general.name', 'x')),
//     tensors: g.tensors.map((t) => ({ name: t.name, type: t.type, shape: t.shape, data: () => g.readTensorData(t) })),
//   });
//
// Errors are MfcError with codes GGUF_* and the byte offset of the problem.
export {
  GgmlType,
  ggmlTypes,
  ggmlTypeInfo,
  ggmlTypeByName,
  ggmlTypeName,
  ggmlTensorByteSize,
  elementCount,
  type GgmlTypeInfo,
} from './ggml-types.js';
export {
  fileTypeName,
  fileTypeDescription,
  fileTypeByName,
  fileTypeTable,
  FILE_TYPE_GUESSED,
} from './file-types.js';
export { parameterSizeLabel, formatFixedHalfEven } from './parameter-label.js';
export { GgufValueType, GgufArray, valueTypeName, type GgufValue } from './values.js';
export { openByteSource, isUrl, type ByteSource, type ByteSourceOptions } from './byte-source.js';
export {
  readGgufHeader,
  decodeAllStrings,
  DEFAULT_ALIGNMENT,
  type GgufHeader,
  type GgufKv,
  type GgufTensorInfo,
  type ReadHeaderOptions,
} from './header-reader.js';
export {
  openGguf,
  readGgufFrom,
  streamRange,
  valueToJson,
  type GgufFile,
  type OpenGgufOptions,
} from './gguf-file.js';
export {
  openGgufSet,
  parseShardName,
  shardPath,
  ggufModelPath,
  type GgufSet,
  type GgufSetTensor,
  type ShardName,
} from './split.js';
export { mergeSplitGguf } from './merge-split.js';
export { architectureOf, fileTypeLabel } from './ollama-labels.js';
export { GGUF_MAGIC, ggufMagicOf, fileGgufMagic } from './magic.js';
export {
  writeGguf,
  encodeGgufHeader,
  kv,
  type GgufKvInput,
  type GgufTensorInput,
  type TensorData,
  type TensorLayout,
  type WriteGgufOptions,
  type WrittenGguf,
} from './writer.js';
export { rewriteGgufMetadata, type RewrittenGguf } from './rewrite.js';
export { modelFileError, ggufErrors, type GgufErrorCode } from './error-codes.js';
export {
  ggufJson,
  kvJson,
  exactJsonText,
  ARRAY_SUMMARY_LIMIT,
  type GgufJson,
  type GgufKvJson,
} from './json.js';
export {
  GgufKey,
  GgufArchKey,
  archKey,
  stringKv,
  numberKv,
  arrayKv,
  type GgufKeyName,
  type GgufArchKeyName,
  type GgufMetadataReader,
} from './keys.js';
