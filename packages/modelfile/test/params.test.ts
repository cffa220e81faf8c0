import { describe, expect, it } from 'vitest';
import { convertParameter, DEPRECATED_PARAMETERS, PARAMETER_TYPES } from '../src/index.js';

describe('convertParameter (Ollama FormatParams)', () => {
  it('knows the 20 parameters and 9 deprecated ones', () => {
    expect(Object.keys(PARAMETER_TYPES)).toHaveLength(20);
    expect(DEPRECATED_PARAMETERS).toHaveLength(9);
  });

  it('converts ints like strconv.ParseInt(v, 10, 64)', () => {
    expect(convertParameter('top_k', '40')).toEqual({
      ok: true,
      name: 'top_k',
      type: 'int',
      value: 40,
    });
    expect(convertParameter('seed', '-1')).toMatchObject({ ok: true, value: -1 });
    expect(convertParameter('seed', '+7')).toMatchObject({ ok: true, value: 7 });
    for (const bad of ['4096.0', '1e3', '0x10', '', ' 1', '9223372036854775808', '1_000']) {
      expect(convertParameter('num_ctx', bad)).toEqual({
        ok: false,
        name: 'num_ctx',
        code: 'MODELFILE_INVALID_PARAMETER_VALUE',
        message: `invalid int value [${bad}]`,
      });
    }
    expect(convertParameter('seed', '9223372036854775807')).toMatchObject({ ok: true });
  });

  it('converts floats like strconv.ParseFloat(v, 32), rounded to float32', () => {
    expect(convertParameter('temperature', '0.7')).toEqual({
      ok: true,
      name: 'temperature',
      type: 'float',
      value: Math.fround(0.7),
    });
    expect(convertParameter('top_p', '1')).toMatchObject({ ok: true, value: 1 });
    expect(convertParameter('top_p', '.5')).toMatchObject({ ok: true, value: 0.5 });
    expect(convertParameter('top_p', '1e-3')).toMatchObject({
      ok: true,
      value: Math.fround(0.001),
    });
    expect(convertParameter('top_p', '0x1p-2')).toMatchObject({ ok: true, value: 0.25 });
    expect(convertParameter('top_p', 'Inf')).toMatchObject({ ok: true, value: Infinity });
    expect(convertParameter('top_p', '-infinity')).toMatchObject({ ok: true, value: -Infinity });
    const nan = convertParameter('top_p', 'NaN');
    expect(nan.ok && 'value' in nan && Number.isNaN(nan.value)).toBe(true);
    for (const bad of ['0,7', 'abc', '1e39', '', '1_0', '--1', '0x1']) {
      expect(convertParameter('temperature', bad)).toMatchObject({
        ok: false,
        message: `invalid float value [${bad}]`,
      });
    }
  });

  it('converts bools like strconv.ParseBool', () => {
    for (const t of ['1', 't', 'T', 'TRUE', 'true', 'True'])
      expect(convertParameter('use_mmap', t)).toMatchObject({ ok: true, value: true });
    for (const f of ['0', 'f', 'F', 'FALSE', 'false', 'False'])
      expect(convertParameter('use_mmap', f)).toMatchObject({ ok: true, value: false });
    expect(convertParameter('use_mmap', 'yes')).toMatchObject({
      ok: false,
      message: 'invalid bool value [yes]',
    });
  });

  it('keeps stop strings verbatim', () => {
    expect(convertParameter('stop', '### User: ')).toEqual({
      ok: true,
      name: 'stop',
      type: 'string[]',
      value: '### User: ',
    });
  });

  it('rejects unknown and removed names case-sensitively, ignores deprecated ones', () => {
    expect(convertParameter('tfs_z', '0.5')).toEqual({
      ok: false,
      name: 'tfs_z',
      code: 'MODELFILE_UNKNOWN_PARAMETER',
      message: "unknown parameter 'tfs_z'",
    });
    expect(convertParameter('Temperature', '1')).toMatchObject({
      ok: false,
      message: "unknown parameter 'Temperature'",
    });
    expect(convertParameter('mirostat', '1')).toEqual({
      ok: true,
      name: 'mirostat',
      deprecated: true,
      message: 'warning: parameter mirostat is deprecated',
    });
  });
});
