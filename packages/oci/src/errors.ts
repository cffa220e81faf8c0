import { MfcError, type Location } from '@mfc/diagnostics';

/** An artifact (manifest, index, layout, archive entry) that is not what it claims. */
export function ociError(code: string, message: string, location: Location = {}, hint?: string) {
  return new MfcError(code, message, { location, ...(hint ? { hint } : {}) });
}
