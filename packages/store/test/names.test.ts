import { describe, expect, it } from 'vitest';
import {
  adoptExistingSpelling,
  displayShortest,
  isValidName,
  parseModelName,
  parseName,
} from '../src/index.js';

describe('model names', () => {
  it('applies Ollama defaults', () => {
    expect(parseName('llama3')).toEqual({
      host: 'registry.ollama.ai',
      namespace: 'library',
      model: 'llama3',
      tag: 'latest',
    });
    expect(parseName('user/m:7b')).toEqual({
      host: 'registry.ollama.ai',
      namespace: 'user',
      model: 'm',
      tag: '7b',
    });
    expect(parseName('https://example.com/ns/m:t')).toEqual({
      host: 'example.com',
      namespace: 'ns',
      model: 'm',
      tag: 't',
    });
  });

  it('accepts and rejects the reference examples', () => {
    expect(isValidName(parseName('_why/_the/_lucky:_stiff'))).toBe(true);
    expect(isValidName(parseName('host:https/namespace/model:tag'))).toBe(true);
    expect(isValidName(parseName('host/name:space/model:tag'))).toBe(false);
    expect(isValidName(parseName('-hh/nn/mm:tt'))).toBe(false);
    expect(isValidName(parseName('m@d'))).toBe(false);
    expect(isValidName(parseName('a//b'))).toBe(false);
    expect(isValidName(parseName('ns.x/model'))).toBe(false);
    expect(isValidName(parseName('model.v1:q4.k'))).toBe(true);
    expect(isValidName(parseName('a'.repeat(80)))).toBe(true);
    expect(isValidName(parseName('a'.repeat(81)))).toBe(false);
    expect(isValidName(parseName('modèle'))).toBe(false);
  });

  it('throws a clear error for invalid names', () => {
    expect(() => parseModelName('bad name')).toThrow(/invalid model name: bad name/);
  });

  it('prints the shortest display name', () => {
    expect(displayShortest(parseName('llama3'))).toBe('llama3:latest');
    expect(displayShortest(parseName('user/m:tag'))).toBe('user/m:tag');
    expect(displayShortest(parseName('host.io/ns/m:tag'))).toBe('host.io/ns/m:tag');
    expect(displayShortest(parseName('REGISTRY.ollama.ai/Library/m'))).toBe('m:latest');
  });

  it('reuses the spelling of existing names part by part', () => {
    const existing = [parseName('Mistral:Latest'), parseName('other/x:v1')];
    expect(adoptExistingSpelling(parseName('mistral'), existing)).toEqual(
      parseName('Mistral:Latest'),
    );
    expect(adoptExistingSpelling(parseName('OTHER/y:V1'), existing)).toEqual(
      parseName('other/y:v1'),
    );
  });
});
