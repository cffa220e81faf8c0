// Child process for the safe-fs integration tests.
//   write TARGET          — writeFileAtomic(TARGET, 'new contents'), then exit
//   hang TARGET           — starts a stream into TARGET, prints the temp path, never ends
import { writeFileAtomic, writeStreamAtomic, AtomicFile } from '../../src/index.js';

const [mode, target] = process.argv.slice(2);
if (mode === 'write') {
  await writeFileAtomic(target, 'new contents');
} else if (mode === 'hang') {
  const file = await AtomicFile.open(target);
  await file.write('half of it');
  process.stdout.write(`${file.tempPath}\n`);
  await writeStreamAtomic(
    target + '.second',
    (async function* () {
      yield Buffer.from('x');
      await new Promise(() => setInterval(() => {}, 1000));
    })(),
  );
}
