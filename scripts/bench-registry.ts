// `pnpm bench registry`: push and pull of a generated blob model to Debian's
// docker-registry on loopback with mfc, against `skopeo copy` of the same
// artifact (an OCI layout holding the same blobs) to a second, fresh registry
// in the same run; then a pull killed halfway and resumed.
// BENCH_REGISTRY_MB sets the model size (default 2048).
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  closeSync,
  linkSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { storeLogin } from '../packages/registry/src/index.js';
import { have, makeModel, repoRoot, startRegistry } from '../packages/registry/test/harness.js';

const MB = 1024 * 1024;
const size = Number(process.env.BENCH_REGISTRY_MB ?? 2048) * MB;
const bin = join(repoRoot, 'packages/cli/bin/mfc.js');
for (const p of ['docker-registry', 'htpasswd', 'skopeo']) {
  if (!have(p)) {
    console.log(`skipped: ${p} is not installed`);
    process.exit(0);
  }
}
spawnSync(process.execPath, [join(repoRoot, 'scripts/build.mjs'), '--if-stale'], {
  stdio: 'inherit',
});

const work = mkdtempSync(join(tmpdir(), 'mfc-bench-registry-'));
const env = {
  ...process.env,
  HOME: join(work, 'home'),
  DOCKER_CONFIG: join(work, 'docker'),
  NO_COLOR: '1',
};

function makeBlob(path: string): string {
  // Distinct 1 MiB blocks (a counter in each), written once; hashed as written.
  const hash = createHash('sha256');
  const fd = openSync(path, 'w');
  const block = Buffer.alloc(MB);
  for (let i = 0; i < size / MB; i++) {
    block.writeUInt32LE(i, 0);
    block.writeUInt32LE((i * 2654435761) >>> 0, 512);
    writeSync(fd, block);
    hash.update(block);
  }
  closeSync(fd);
  return `sha256:${hash.digest('hex')}`;
}

function timed(cmd: string, args: string[], extraEnv: NodeJS.ProcessEnv = {}): number {
  const t0 = performance.now();
  const r = spawnSync(cmd, args, { env: { ...env, ...extraEnv }, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed:\n${r.stderr}`);
  return (performance.now() - t0) / 1000;
}

const gguf = join(work, 'model.bin');
const digest = makeBlob(gguf);
const a = await startRegistry();
const b = await startRegistry();
try {
  const models = join(work, 'models');
  const name = `${a.host}/bench/model:v1`;
  await makeModel(models, name, gguf);
  await storeLogin(a.host, a.user, a.password, env);

  // skopeo's artifact: an OCI layout with the same blobs (hard links) and an OCI manifest
  const layout = join(work, 'layout');
  mkdirSync(join(layout, 'blobs', 'sha256'), { recursive: true });
  const stored = JSON.parse(
    readFileSync(join(models, 'manifests', a.host, 'bench', 'model', 'v1'), 'utf8'),
  );
  for (const d of [stored.config, ...stored.layers]) {
    linkSync(
      join(models, 'blobs', d.digest.replace(':', '-')),
      join(layout, 'blobs', 'sha256', d.digest.slice(7)),
    );
  }
  const manifest = Buffer.from(
    JSON.stringify({ ...stored, mediaType: 'application/vnd.oci.image.manifest.v1+json' }),
  );
  const mdigest = createHash('sha256').update(manifest).digest('hex');
  writeFileSync(join(layout, 'blobs', 'sha256', mdigest), manifest);
  writeFileSync(join(layout, 'oci-layout'), '{"imageLayoutVersion":"1.0.0"}');
  writeFileSync(
    join(layout, 'index.json'),
    JSON.stringify({
      schemaVersion: 2,
      manifests: [
        {
          mediaType: 'application/vnd.oci.image.manifest.v1+json',
          digest: `sha256:${mdigest}`,
          size: manifest.length,
        },
      ],
    }),
  );
  const creds = `${b.user}:${b.password}`;
  const skopeoEnv = { REGISTRY_AUTH_FILE: join(work, 'none.json') };
  writeFileSync(join(work, 'none.json'), '{}');

  const rows: [string, number][] = [];
  rows.push([
    'mfc push',
    timed(process.execPath, [bin, 'push', name, '--insecure', '--models', models, '--quiet']),
  ]);
  rows.push([
    'skopeo copy oci: → docker:// (push)',
    timed(
      'skopeo',
      [
        'copy',
        '-q',
        '--dest-tls-verify=false',
        '--dest-creds',
        creds,
        `oci:${layout}`,
        `docker://${b.host}/bench/model:v1`,
      ],
      skopeoEnv,
    ),
  ]);
  rows.push([
    'mfc pull (fresh store)',
    timed(process.execPath, [
      bin,
      'pull',
      name,
      '--insecure',
      '--models',
      join(work, 'pulled'),
      '--quiet',
    ]),
  ]);
  rows.push([
    'skopeo copy docker:// → oci: (pull)',
    timed(
      'skopeo',
      [
        'copy',
        '-q',
        '--src-tls-verify=false',
        '--src-creds',
        creds,
        `docker://${b.host}/bench/model:v1`,
        `oci:${join(work, 'skopeo-out')}`,
      ],
      skopeoEnv,
    ),
  ]);
  rows.push([
    'mfc push again (nothing to upload)',
    timed(process.execPath, [bin, 'push', name, '--insecure', '--models', models, '--quiet']),
  ]);

  // resume: kill -9 when half of the blob is on disk, then pull again; the
  // registry's access log says how many blob bytes went out for both runs
  const logBefore = a.log().length;
  const resumeModels = join(work, 'resume');
  const child = spawn(
    process.execPath,
    [bin, 'pull', name, '--insecure', '--models', resumeModels, '--quiet'],
    { env },
  );
  const state = join(resumeModels, '.mfc', 'downloads', digest.replace(':', '-'), 'state.json');
  const t0 = performance.now();
  let half = 0;
  while (child.exitCode === null) {
    try {
      const s = JSON.parse(readFileSync(state, 'utf8')) as { parts: { done: number }[] };
      half = s.parts.reduce((n, p) => n + p.done, 0);
      if (half >= size / 2) break;
    } catch {
      // not there yet
    }
    await sleep(20);
  }
  child.kill('SIGKILL');
  await new Promise((r) => child.once('exit', r));
  const killedAfter = (performance.now() - t0) / 1000;
  rows.push([`mfc pull killed at ${Math.round((half / size) * 100)}% (kill -9)`, killedAfter]);
  rows.push([
    'mfc pull resumed to the end',
    timed(process.execPath, [bin, 'pull', name, '--insecure', '--models', resumeModels, '--quiet']),
  ]);
  await sleep(500); // the access log line of a connection cut by the kill comes last
  let sent = 0;
  const blobPath = `/blobs/${digest}`;
  for (const m of a
    .log()
    .slice(logBefore)
    .matchAll(/"GET (\S+) HTTP\/[\d.]+" \d{3} (\d+)/g))
    if (m[1].endsWith(blobPath)) sent += Number(m[2]);
  rows[rows.length - 1][0] += ` (kill + resume: ${(sent / size).toFixed(2)}× the blob sent)`;

  console.log(
    `model: ${(size / 1e9).toFixed(2)} GB blob + 2 small blobs; node ${process.version}, load average ${loadavg()[0].toFixed(1)}\n`,
  );
  console.log('| step | seconds | MB/s |');
  console.log('|---|---:|---:|');
  for (const [label, s] of rows)
    console.log(
      `| ${label} | ${s.toFixed(2)} | ${label.includes('again') ? '—' : (size / 1e6 / s).toFixed(0)} |`,
    );
  const ratio = (x: string, y: string) =>
    rows.find((r) => r[0].startsWith(x))![1] / rows.find((r) => r[0].startsWith(y))![1];
  console.log(
    `\nresume: ${(sent / 1e9).toFixed(2)} GB of the blob sent by the registry for the killed and the resumed pull together = ${(sent / size).toFixed(3)}× the blob (goal < 1.3×)`,
  );
  console.log(
    `mfc/skopeo time: push ${ratio('mfc push', 'skopeo copy oci').toFixed(2)}×, pull ${ratio('mfc pull (fresh', 'skopeo copy docker').toFixed(2)}×`,
  );
} finally {
  await a.stop();
  await b.stop();
  rmSync(work, { recursive: true, force: true });
}
