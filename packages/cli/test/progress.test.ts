import { describe, expect, it } from 'vitest';
import { blobProgress } from '../src/registry-shared.js';
import {
  createProgress,
  etaSeconds,
  transferSummary,
  type ProgressOptions,
} from '../src/ui/progress.js';
import { memoryTerminal } from './helpers.js';

describe('progress without a terminal', () => {
  it('prints a plain line every 5 s of a long job and one at the end', () => {
    const t = memoryTerminal(false);
    let clock = 0;
    const p = createProgress(
      t,
      { label: 'copying x.gguf', total: 1_500_000_000 },
      'auto',
      () => clock,
    );
    clock = 1000;
    p.update(100_000_000);
    expect(t.errText()).toBe('');
    clock = 6000;
    p.update(600_000_000);
    clock = 7000;
    p.update(700_000_000); // within 5 s of the last line
    clock = 12_000;
    p.update(1_200_000_000);
    clock = 13_000;
    p.finish();
    const lines = t.errText().split('\n').filter(Boolean);
    expect(lines).toEqual([
      'copying x.gguf [##########--------------]  40% 600 MB/1.50 GB 100 MB/s ETA 9s',
      'copying x.gguf [###################-----]  80% 1.20 GB/1.50 GB 100 MB/s ETA 3s',
      'copying x.gguf [########################] 100% 1.50 GB/1.50 GB 115 MB/s',
    ]);
    expect(t.errText()).not.toContain('\r');
  });

  it('stays silent for a short job', () => {
    const t = memoryTerminal(false);
    let clock = 0;
    const p = createProgress(t, { label: 'hashing', total: 10 }, 'auto', () => clock);
    clock = 2000;
    p.update(5);
    p.finish();
    expect(t.errText()).toBe('');
  });

  it('gives no ETA from the first percent', () => {
    const t = memoryTerminal(true);
    let clock = 0;
    const p = createProgress(t, { label: 'copying', total: 1000 }, 'auto', () => clock);
    clock = 200;
    p.update(10);
    expect(t.errText()).toContain('ETA --');
    expect(t.errText()).not.toContain('ETA 0s');
  });
});

describe('registry transfers in a log (no terminal)', () => {
  it('an ETA only once it means something: not at 1 % in the first seconds', () => {
    expect(etaSeconds(1000, 10, 2)).toBe(Infinity); // 1 % after 2 s
    expect(etaSeconds(1000, 10, 0.5)).toBe(Infinity);
    expect(etaSeconds(1000, 10, 12)).toBeCloseTo(1188); // 1 % after 12 s: slow, but an estimate
    expect(etaSeconds(1000, 400, 4)).toBe(6);
    expect(etaSeconds(1000, 0, 30)).toBe(Infinity);
  });

  it('a resumed download: resumed bytes count as done but not in the rate or ETA', () => {
    const t = memoryTerminal(false);
    let clock = 0;
    const p = createProgress(
      t,
      { label: 'pulling 0123456789ab', total: 100_000_000, initial: 50_000_000 },
      'auto',
      () => clock,
    );
    clock = 6000;
    p.update(80_000_000);
    expect(t.errText()).toBe(
      'pulling 0123456789ab [###################-----]  80% 80.0 MB/100 MB 5.00 MB/s ETA 4s\n',
    );
  });

  it('push and pull lines: every 5 s with rate and ETA, then size, time and rate per blob', () => {
    const t = memoryTerminal(false);
    let clock = 0;
    const ctx = {
      positionals: [],
      options: {},
      terminal: t,
      env: {},
      cwd: '/',
      debug: false,
      progress: (o: ProgressOptions) => createProgress(t, o, 'auto', () => clock),
    };
    const digest = `sha256:${'ab'.repeat(32)}`;
    const pull = blobProgress(ctx, 'pulling', () => clock);
    pull.update(digest, 24_000_000, 0);
    clock = 5000;
    pull.update(digest, 24_000_000, 240_000); // 1 % after 5 s: no ETA yet
    clock = 10_000;
    pull.update(digest, 24_000_000, 12_000_000);
    clock = 16_000;
    pull.finish(digest, 24_000_000, '', { bytes: 24_000_000, verb: 'fetched' });
    pull.finish(`sha256:${'cd'.repeat(32)}`, 13, 'already in the store');
    expect(t.errText().split('\n').filter(Boolean)).toEqual([
      'pulling abababababab [------------------------]   1% 240 KB/24.0 MB 48.0 KB/s ETA --',
      'pulling abababababab [############------------]  50% 12.0 MB/24.0 MB 1.20 MB/s ETA 10s',
      'pulling abababababab 24.0 MB fetched in 16s (1.50 MB/s)',
      'pulling cdcdcdcdcdcd 13 B already in the store',
    ]);
    expect(transferSummary(19_500_000, 0.4, 'uploaded')).toBe(
      '19.5 MB uploaded in <1s (48.8 MB/s)',
    );
  });
});
