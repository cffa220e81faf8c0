// Export/import benchmark: a 2 GB model (one GGUF blob, a config and a
// template) exported as an OCI layout tar by mfc against `tar cf` of the same
// blob files, and imported from that tar by mfc against the store's own ingest
// of the GGUF (hash while copying) and `tar xf` — all in the same run.
// Prints a Markdown table (median of the rounds).
//
//   pnpm bench export            (MFC_BENCH_GB=1 for a smaller model, MFC_BENCH_ROUNDS=3)
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  createReadStream,
  createWriteStream,
  mkdirSync,
  mkdtempSync,
  openSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Store, MediaType, encodeConfig, parseModelName } from '../packages/store/src/index.js';
import {
  importLayout,
  planExport,
  readLayoutTar,
  writeLayoutTar,
} from '../packages/oci/src/index.js';

const GB = 1e9;
const size = Math.round(Number(process.env.MFC_BENCH_GB ?? '2') * GB);
const rounds = Number(process.env.MFC_BENCH_ROUNDS ?? '3');
const dir = mkdtempSync(join(tmpdir(), 'mfc-bench-export-'));
const gguf = join(dir, 'model.gguf');

function makeGguf(): void {
  const header = Buffer.from('474755460300000000000000000000000000000000000000', 'hex');
  const block = randomBytes(64 * 1024 * 1024);
  const fd = openSync(gguf, 'w');
  writeSync(fd, header);
  for (let left = size - header.length; left > 0; left -= block.length)
    writeSync(fd, block, 0, Math.min(left, block.length));
  closeSync(fd);
}

const time = async (fn: () => Promise<unknown> | unknown) => {
  const t = performance.now();
  await fn();
  return (performance.now() - t) / 1000;
};
const results = new Map<string, number[]>();
const note = (name: string, s: number) => results.set(name, [...(results.get(name) ?? []), s]);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const sync = () => execFileSync('sync');

try {
  process.stderr.write(`writing a ${(size / GB).toFixed(1)} GB model in ${dir}…\n`);
  makeGguf();
  const store = new Store(join(dir, 'models'));
  const model = await store.blobs.ingestFile(gguf, { link: true });
  const config = await store.blobs.writeBytes(
    encodeConfig({
      model_format: 'gguf',
      model_family: 'llama',
      model_families: ['llama'],
      model_type: '1B',
      file_type: 'F16',
    }),
  );
  const template = await store.blobs.writeBytes('{{ .Prompt }}');
  await store.writeManifest(
    parseModelName('bench'),
    { mediaType: MediaType.config, digest: config.digest, size: config.size },
    [
      { mediaType: MediaType.model, digest: model.digest, size: model.size },
      { mediaType: MediaType.template, digest: template.digest, size: template.size },
    ],
  );
  sync();
  for (let round = 0; round < rounds; round++) {
    const tarOut = join(dir, 'tar.tar');
    note(
      'tar cf (the same blob files)',
      await time(() => execFileSync('tar', ['cf', tarOut, '-C', store.layout.blobsDir, '.'])),
    );
    rmSync(tarOut);
    sync();
    const mfcOut = join(dir, 'mfc.tar');
    note(
      'mfc export (OCI layout tar)',
      await time(async () =>
        writeLayoutTar(await planExport(store, ['bench'], 'ollama'), createWriteStream(mfcOut)),
      ),
    );
    sync();
    note(
      'mfc export --format modelpack',
      await time(async () =>
        writeLayoutTar(
          await planExport(store, ['bench'], 'modelpack'),
          createWriteStream(join(dir, 'mp.tar')),
        ),
      ),
    );
    rmSync(join(dir, 'mp.tar'));
    sync();
    const into = new Store(join(dir, `import-${round}`));
    note(
      'mfc import (verify + stage + commit)',
      await time(async () =>
        importLayout(
          into,
          await readLayoutTar(
            createReadStream(mfcOut, { highWaterMark: 1 << 20 }),
            mfcOut,
            into.blobs,
            { archiveSize: statSync(mfcOut).size },
          ),
        ),
      ),
    );
    rmSync(into.root, { recursive: true });
    sync();
    const ingest = new Store(join(dir, `ingest-${round}`));
    note(
      'store ingest of the GGUF (mfc build’s copy)',
      await time(() => ingest.blobs.ingestFile(gguf)),
    );
    rmSync(ingest.root, { recursive: true });
    sync();
    const x = join(dir, 'x');
    mkdirSync(x);
    note(
      'tar xf (no verification)',
      await time(() => execFileSync('tar', ['xf', mfcOut, '-C', x])),
    );
    rmSync(x, { recursive: true });
    rmSync(mfcOut);
    sync();
  }
  console.log(`| ${(size / GB).toFixed(1)} GB model, median of ${rounds} | seconds | GB/s |`);
  console.log('| --- | ---: | ---: |');
  for (const [name, xs] of results) {
    const s = median(xs);
    console.log(`| ${name} | ${s.toFixed(2)} | ${(size / GB / s).toFixed(2)} |`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
