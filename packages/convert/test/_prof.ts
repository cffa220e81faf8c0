import { planConversion, writeConversion } from '../src/index.js';
let t = performance.now();
const plan = await planConversion('/tmp/mfc-bench-convert/f16', { outType: 'f16' });
console.log('plan', (performance.now() - t).toFixed(0), 'ms');
t = performance.now();
await writeConversion(plan, '/tmp/mfc-bench-convert/prof.gguf');
console.log(
  'write',
  (performance.now() - t).toFixed(0),
  'ms',
  'rss',
  process.resourceUsage().maxRSS / 1024,
);
