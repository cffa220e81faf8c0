import { describe, expect, it } from 'vitest';
import {
  GgmlType,
  fileTypeByName,
  fileTypeDescription,
  fileTypeName,
  formatFixedHalfEven,
  ggmlTensorByteSize,
  ggmlTypeByName,
  ggmlTypeInfo,
  ggmlTypes,
  parameterSizeLabel,
} from '@mfc/gguf';

describe('ggml type table', () => {
  it('matches ggml_blck_size / ggml_type_size of the llama.cpp we build against', () => {
    expect(ggmlTypes).toHaveLength(35);
    expect(ggmlTypeInfo(GgmlType.Q4_K)).toMatchObject({
      name: 'Q4_K',
      blockSize: 256,
      bytesPerBlock: 144,
      bitsPerWeight: 4.5,
    });
    expect(ggmlTypeInfo(GgmlType.Q8_1)).toMatchObject({ blockSize: 32, bytesPerBlock: 36 });
    expect(ggmlTypeInfo(GgmlType.NVFP4)).toMatchObject({ blockSize: 64, bytesPerBlock: 36 });
    expect(ggmlTypeInfo(GgmlType.Q2_0)).toMatchObject({ blockSize: 64, bytesPerBlock: 18 });
    expect(ggmlTypeInfo(4)).toBeUndefined();
    expect(ggmlTypeInfo(31)).toBeUndefined();
    expect(ggmlTypeByName('bf16')?.id).toBe(30);
  });

  it('computes tensor byte sizes and rejects rows that are not whole blocks', () => {
    expect(ggmlTensorByteSize(GgmlType.F16, [256, 32000])).toBe(256 * 32000 * 2);
    expect(ggmlTensorByteSize(GgmlType.Q4_K, [512, 256])).toBe(2 * 144 * 256);
    expect(ggmlTensorByteSize(GgmlType.Q8_0, [4096, 4096])).toBe((4096 / 32) * 34 * 4096);
    expect(() => ggmlTensorByteSize(GgmlType.Q4_K, [100, 2])).toThrow(
      /multiple of the Q4_K block size 256/,
    );
  });
});

describe('file types', () => {
  it('names llama_ftype values as Ollama and llama.cpp do', () => {
    expect(fileTypeName(0)).toBe('F32');
    expect(fileTypeName(1)).toBe('F16');
    expect(fileTypeName(15)).toBe('Q4_K_M');
    expect(fileTypeName(32)).toBe('BF16');
    expect(fileTypeName(38)).toBe('MXFP4_MOE');
    expect(fileTypeName(4)).toBe('unknown');
    expect(fileTypeName(undefined)).toBe('unknown');
    expect(fileTypeDescription(15)).toBe('Q4_K - Medium');
    expect(fileTypeDescription(0)).toBe('all F32');
    expect(fileTypeDescription(1024 + 7)).toBe('(guessed) Q8_0');
    expect(fileTypeByName('q5_k_m')).toBe(17);
  });
});

describe('parameterSizeLabel (Ollama format.HumanNumber)', () => {
  it.each([
    [0, '0'],
    [999, '999'],
    [1000, '1K'],
    [1001, '1K'],
    [1500, '2K'],
    [2500, '2K'],
    [1_000_000, '1M'],
    [500_500_000, '500.50M'],
    [9_372_928, '9.37M'],
    [1_000_000_000, '1B'],
    [2_850_000_000, '2.9B'],
    [2_250_000_000, '2.2B'],
    [8_030_261_248, '8.0B'],
    [1e12, '1000B'],
  ])('%d → %s', (n, label) => {
    expect(parameterSizeLabel(n)).toBe(label);
  });

  it('rounds exact ties half to even, other values to nearest', () => {
    expect(formatFixedHalfEven(2.25, 1)).toBe('2.2');
    expect(formatFixedHalfEven(2.75, 1)).toBe('2.8');
    expect(formatFixedHalfEven(0.5, 0)).toBe('0');
    expect(formatFixedHalfEven(1.5, 0)).toBe('2');
    expect(formatFixedHalfEven(2.675, 2)).toBe('2.67'); // 2.675 is just below the tie in binary
    expect(formatFixedHalfEven(1.005, 2)).toBe('1.00');
  });
});
