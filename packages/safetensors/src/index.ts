// @mfc/safetensors — read and write Hugging Face safetensors files.
export {
  safetensorsDtypes,
  isSafetensorsDtype,
  dtypeInfo,
  type SafetensorsDtype,
  type DtypeInfo,
} from './dtypes.js';
export {
  openSafetensors,
  readSafetensorsHeader,
  type OpenSafetensorsOptions,
  type SafetensorsFile,
  type SafetensorsTensorInfo,
} from './reader.js';
export {
  openSafetensorsModel,
  safetensorsTensorData,
  type SafetensorsModel,
  type SafetensorsModelTensor,
} from './sharded.js';
export { writeSafetensors, type SafetensorsTensorInput } from './writer.js';
export {
  detectModelFormat,
  readModelConfig,
  safetensorsJson,
  type ModelFormat,
  type SafetensorsJson,
} from './describe.js';
export { safetensorsErrors, safetensorsError, type SafetensorsErrorCode } from './error-codes.js';
