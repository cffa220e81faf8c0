import { describe, expect, it } from 'vitest';
import { displayReference, parseReference, registryHost } from '../src/index.js';

describe('parseReference', () => {
  it('applies Ollama defaults', () => {
    const r = parseReference('llama3');
    expect(r).toMatchObject({
      scheme: 'https',
      host: 'registry.ollama.ai',
      namespace: 'library',
      model: 'llama3',
      tag: 'latest',
      repository: 'library/llama3',
      baseUrl: 'https://registry.ollama.ai',
    });
    expect(displayReference(r)).toBe('llama3:latest');
    expect(parseReference('me/tiny:q4').repository).toBe('me/tiny');
  });

  it('keeps host:port and the tag apart', () => {
    const r = parseReference('127.0.0.1:5000/ns/m:v1', { insecure: true });
    expect(r).toMatchObject({ host: '127.0.0.1:5000', repository: 'ns/m', tag: 'v1' });
    expect(r.baseUrl).toBe('http://127.0.0.1:5000');
    expect(r.name).toEqual({ host: '127.0.0.1:5000', namespace: 'ns', model: 'm', tag: 'v1' });
    expect(parseReference('127.0.0.1:5000/ns/m').tag).toBe('latest');
    expect(displayReference(r)).toBe('127.0.0.1:5000/ns/m:v1');
  });

  it('reads a scheme, and refuses http without --insecure', () => {
    expect(parseReference('https://ghcr.io/a/b:c').baseUrl).toBe('https://ghcr.io');
    expect(() => parseReference('http://localhost:5000/a/b')).toThrow(/insecure protocol http/);
    expect(parseReference('http://localhost:5000/a/b', { insecure: true }).scheme).toBe('http');
    expect(() => parseReference('ftp://x/a/b')).toThrow(/unsupported scheme/);
  });

  it('rejects what Ollama rejects', () => {
    expect(() => parseReference('a/b/c/d')).toThrow(/invalid model reference/);
    expect(() => parseReference('host/ns/m@sha256:' + '0'.repeat(64))).toThrow(/digest/);
    const hint = (text: string) => {
      try {
        parseReference(text);
      } catch (err) {
        return (err as { hint?: string }).hint;
      }
      return undefined;
    };
    expect(hint('host/n.s/m')).toMatch(/'\.' is not allowed in the namespace/);
    expect(hint('host//m')).toMatch(/namespace is empty/);
  });

  it('maps Docker Hub to its API host', () => {
    expect(parseReference('docker.io/ai/smollm2').baseUrl).toBe('https://registry-1.docker.io');
  });
});

describe('registryHost', () => {
  it('takes the host of a reference or URL', () => {
    expect(registryHost('localhost:5000')).toBe('localhost:5000');
    expect(registryHost('https://Ghcr.io/')).toBe('ghcr.io');
    expect(registryHost('ghcr.io/me/model')).toBe('ghcr.io');
    expect(registryHost('https://index.docker.io/v1/')).toBe('docker.io');
  });
});
