// Child process for the lock tests: takes the lock, prints "locked", holds it
// for argv[3] ms, appends its pid to argv[4], then releases it.
import { appendFileSync } from 'node:fs';
import { acquireLock } from '../src/index.js';

const [path, holdMs, log] = process.argv.slice(2);
const lock = await acquireLock(path, 'test holder');
appendFileSync(log, `start ${process.pid}\n`);
process.stdout.write('locked\n');
await new Promise((r) => setTimeout(r, Number(holdMs)));
appendFileSync(log, `end ${process.pid}\n`);
await lock.release();
