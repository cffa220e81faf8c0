import { describe, expect, it } from 'vitest';
import { createProgress } from '../src/ui/progress.js';
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
