import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildRequestFromCommands, expandPath, mergeParams } from '../src/index.js';

describe('build request', () => {
  it('collects 200k stop lines in linear time', { timeout: 20_000 }, () => {
    // Copying the list for every stop took N²/2 element copies: minutes for 200k lines.
    const n = 200_000;
    const commands = Array.from({ length: n }, (_, i) => ({ name: 'stop', args: `s${i}` }));
    const start = performance.now();
    const req = buildRequestFromCommands([{ name: 'model', args: 'base' }, ...commands]);
    const stops = req.params.get('stop') as string[];
    expect(stops.length).toBe(n);
    expect(stops[n - 1]).toBe(`s${n - 1}`);
    expect(performance.now() - start).toBeLessThan(10_000);
  });

  it('collects commands the way Ollama’s CreateRequest does', () => {
    const req = buildRequestFromCommands([
      { name: 'model', args: 'base' },
      { name: 'adapter', args: 'a1.gguf' },
      { name: 'adapter', args: 'a2.gguf' },
      { name: 'license', args: 'L1' },
      { name: 'license', args: 'L2' },
      { name: 'stop', args: 'A' },
      { name: 'temperature', args: '0.123456789' },
      { name: 'stop', args: 'B' },
      { name: 'top_k', args: '+7' },
      { name: 'use_mmap', args: 'T' },
      { name: 'mirostat', args: '1' },
      { name: 'message', args: 'user: hi: there' },
      { name: 'requires', args: 'v1.2.3-rc1' },
    ]);
    expect(req.adapter?.text).toBe('a2.gguf');
    expect(req.licenses).toEqual(['L1', 'L2']);
    expect([...req.params]).toEqual([
      ['stop', ['A', 'B']],
      ['temperature', 0.12345679],
      ['top_k', 7],
      ['use_mmap', true],
    ]);
    expect(req.warnings.map((w) => w.message)).toEqual([
      'warning: parameter mirostat is deprecated',
    ]);
    expect(req.messages).toEqual([{ role: 'user', content: 'hi: there' }]);
    expect(req.requires).toBe('1.2.3-rc1');
  });

  it('rejects bad parameters with Ollama’s messages and positions', () => {
    const range = {
      start: { line: 3, column: 1, offset: 20 },
      end: { line: 3, column: 30, offset: 49 },
    };
    const fail = (name: string, args: string) => {
      try {
        buildRequestFromCommands(
          [
            { name: 'model', args: 'x' },
            { name, args },
          ],
          { file: 'M', ranges: [undefined, range] },
        );
      } catch (e) {
        return e as { message: string; location: unknown };
      }
      throw new Error('no error');
    };
    expect(fail('num_ctx', '4096.0').message).toBe('invalid int value [4096.0]');
    expect(fail('num_ctx', '4096.0').location).toEqual({ file: 'M', range });
    expect(fail('tfs_z', '1').message).toBe("unknown parameter 'tfs_z'");
    expect(fail('temperature', 'inf').message).toMatch(/json: unsupported value/);
    expect(() => buildRequestFromCommands([{ name: 'system', args: 'x' }])).toThrow('no FROM line');
  });

  it('expands ~ and resolves relative paths against the Modelfile folder', () => {
    expect(expandPath('~', '/m', {}, '/home/u')).toBe('/home/u');
    expect(expandPath('~/w/x.gguf', '/m', {}, '/home/u')).toBe('/home/u/w/x.gguf');
    expect(expandPath('./x.gguf', '/m/dir')).toBe('/m/dir/x.gguf');
    expect(expandPath('/abs/x.gguf', '/m')).toBe('/abs/x.gguf');
    expect(expandPath('~root/x', '/m')).toBe(join('/root', 'x'));
    expect(() => expandPath('~no-such-user-mfc/x', '/m')).toThrow(
      "failed to find user 'no-such-user-mfc'",
    );
  });

  it('merges params: request keys win, then earlier layers; nested values re-encoded', () => {
    const text = mergeParams(new Map([['temperature', 0.5]]), [
      '{"temperature":1,"stop":["a"]}',
      '{"stop":["b"],"top_k":3}',
    ]);
    expect(text).toBe('{"stop":["a"],"temperature":0.5,"top_k":3}\n');
    expect(mergeParams(new Map(), [])).toBeUndefined();
  });
});
