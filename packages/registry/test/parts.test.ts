import { describe, expect, it } from 'vitest';
import { parseState, planParts } from '../src/index.js';

const D = `sha256:${'a'.repeat(64)}` as const;

describe('planParts', () => {
  it('splits like Ollama: size/16 clamped to [100 MB, 1000 MB]', () => {
    const MiB = 1024 * 1024;
    expect(planParts(10)).toEqual([{ offset: 0, size: 10, done: 0 }]);
    const parts = planParts(2000 * MiB);
    expect(parts).toHaveLength(16);
    expect(parts.reduce((s, p) => s + p.size, 0)).toBe(2000 * MiB);
    expect(planParts(250e6).map((p) => p.size)).toEqual([100e6, 100e6, 50e6]);
    expect(planParts(40e9)).toHaveLength(40);
    expect(planParts(100, 30).map((p) => p.offset)).toEqual([0, 30, 60, 90]);
    expect(planParts(0)).toEqual([{ offset: 0, size: 0, done: 0 }]);
  });
});

describe('parseState', () => {
  it('accepts only a consistent state for the same blob', () => {
    const state = { version: 1, digest: D, size: 100, parts: planParts(100, 50) };
    state.parts[0].done = 20;
    const text = JSON.stringify(state);
    expect(parseState(text, D, 100)?.parts[0].done).toBe(20);
    expect(parseState(text, D, 101)).toBeUndefined();
    expect(parseState(text, `sha256:${'b'.repeat(64)}`, 100)).toBeUndefined();
    expect(parseState('{', D, 100)).toBeUndefined();
    state.parts[1].done = 51;
    expect(parseState(JSON.stringify(state), D, 100)).toBeUndefined();
  });
});
