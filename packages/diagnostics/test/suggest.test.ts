import { describe, expect, it } from 'vitest';
import { closest, editDistance } from '../src/index.js';

describe('editDistance', () => {
  it('counts insertions, deletions, substitutions and adjacent swaps as one edit', () => {
    expect(editDistance('temperature', 'temperature')).toBe(0);
    expect(editDistance('tempreature', 'temperature')).toBe(1);
    expect(editDistance('top_kk', 'top_k')).toBe(1);
    expect(editDistance('num_cxt', 'num_ctx')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });
});

describe('closest', () => {
  const names = ['temperature', 'top_k', 'top_p', 'num_ctx'];
  it('prefers a case-insensitive match, then the nearest name within a third of its length', () => {
    expect(closest('TOP_K', names)).toBe('top_k');
    expect(closest('tempreature', names)).toBe('temperature');
    expect(closest('top_q', names)).toBe('top_k');
    expect(closest('seed', names)).toBeUndefined();
  });
});
