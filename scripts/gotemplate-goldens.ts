// Regenerates fixtures/gotemplate/*.golden.json by running Go's own
// text/template (the oracle in ../shared/oracles/gotemplate) on every
// fixtures/gotemplate/cases-*.json. Needs Go (`apt-get install -y golang-1.19-go`);
// tests only read the goldens, so CI does not.
//
//   tsx scripts/gotemplate-goldens.ts [--oracle /path/to/gotemplate-oracle] [--check]
//
// --check compares instead of writing and exits 1 when a golden is stale.
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  renameSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const fixtures = join(root, 'fixtures', 'gotemplate');
const args = process.argv.slice(2);
const check = args.includes('--check');
const oracleFlag = args.indexOf('--oracle');

function buildOracle(): string {
  const src =
    process.env.GOTEMPLATE_ORACLE_SRC ?? resolve(root, '..', 'shared', 'oracles', 'gotemplate');
  const goCandidates = [process.env.GO, '/usr/lib/go-1.19/bin/go', 'go'].filter(
    (x): x is string => !!x,
  );
  const go = goCandidates.find((g) => g === 'go' || existsSync(g))!;
  const out = join(mkdtempSync(join(tmpdir(), 'gotemplate-oracle-')), 'gotemplate-oracle');
  const r = spawnSync(go, ['build', '-o', out, '.'], {
    cwd: src,
    stdio: 'inherit',
    env: {
      ...process.env,
      GOFLAGS: '-mod=mod',
      GOCACHE: process.env.GOCACHE ?? join(tmpdir(), 'gocache'),
    },
  });
  if (r.status !== 0) {
    console.error(`could not build the oracle in ${src} with ${go}`);
    process.exit(1);
  }
  return out;
}

const oracle =
  oracleFlag >= 0 ? args[oracleFlag + 1] : (process.env.GOTEMPLATE_ORACLE ?? buildOracle());
let stale = 0;
for (const file of readdirSync(fixtures)
  .filter((f) => /^cases-.+\.json$/.test(f))
  .sort()) {
  const input = readFileSync(join(fixtures, file));
  const r = spawnSync(oracle, [], {
    input,
    maxBuffer: 1 << 28,
    env: { ...process.env, ORACLE_DATE: '2024-06-01' },
  });
  if (r.status !== 0) {
    console.error(`oracle failed on ${file}: ${r.stderr.toString()}`);
    process.exit(1);
  }
  const golden = join(fixtures, file.replace(/^cases-/, '').replace(/\.json$/, '.golden.json'));
  const text = r.stdout.toString();
  if (check) {
    const same = existsSync(golden) && readFileSync(golden, 'utf8') === text;
    console.log(`${same ? 'ok   ' : 'STALE'} ${golden}`);
    if (!same) stale++;
  } else {
    const tmp = `${golden}.tmp-${process.pid}`;
    writeFileSync(tmp, text);
    renameSync(tmp, golden);
    console.log(`wrote ${golden} (${JSON.parse(text).length} cases)`);
  }
}
process.exit(stale > 0 ? 1 : 0);
