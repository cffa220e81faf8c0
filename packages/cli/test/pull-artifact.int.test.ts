// A ModelPack or Docker Model Runner artifact in a registry (put there by
// skopeo, as another tool would) pulls as an Ollama model: the registry
// client hands it to @mfc/oci's conversion on the way in.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildModel } from '@mfc/builder';
import { planExport, writeLayoutDir } from '@mfc/oci';
import { MediaType, openStore } from '@mfc/store';
import { main } from '../src/main.js';
import {
  have,
  memoryTerminal,
  startRegistry,
  type TestRegistry,
} from '../../registry/test/harness.js';

const missing = ['docker-registry', 'skopeo'].filter((p) => !have(p));
if (missing.length) console.warn(`skipping: ${missing.join(', ')} not installed`);

let reg: TestRegistry;
let work: string;
beforeAll(async () => {
  if (missing.length) return;
  reg = await startRegistry({ auth: false });
  work = mkdtempSync(join(tmpdir(), 'mfc-pull-artifact-'));
  await buildModel({
    modelsDir: join(work, 'a'),
    name: 'tiny',
    modelfile: resolve(__dirname, '../../../fixtures/build/tiny/Modelfile'),
  });
});
afterAll(async () => {
  await reg?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

async function pushWithSkopeo(format: 'modelpack' | 'docker', ref: string) {
  const store = await openStore(join(work, 'a'));
  const dir = join(work, `layout-${format}`);
  await writeLayoutDir(await planExport(store, ['tiny'], format), dir);
  execFileSync('skopeo', [
    'copy',
    '-q',
    '--dest-tls-verify=false',
    `oci:${dir}:tiny:latest`,
    `docker://${reg.host}/${ref}`,
  ]);
}

async function pull(ref: string) {
  const t = memoryTerminal();
  const code = await main(
    ['pull', `${reg.host}/${ref}`, '--insecure', '--models', join(work, 'b')],
    { PATH: process.env.PATH, HOME: work, NO_COLOR: '1' },
    t,
  );
  return { code, err: t.errText() };
}

describe.skipIf(missing.length > 0)('mfc pull of foreign artifacts', () => {
  it('a ModelPack artifact pulls back into the original Ollama manifest, byte for byte', async () => {
    await pushWithSkopeo('modelpack', 'team/tiny:mp');
    const r = await pull('team/tiny:mp');
    expect(r.code, r.err).toBe(0);
    const a = await openStore(join(work, 'a'));
    const b = await openStore(join(work, 'b'));
    const original = readFileSync((await a.find('tiny')).manifestPath);
    expect(
      readFileSync((await b.find(`${reg.host}/team/tiny:mp`)).manifestPath).equals(original),
    ).toBe(true);
  });

  it('a Docker Model Runner artifact pulls as a model with the same weights and license', async () => {
    await pushWithSkopeo('docker', 'ai/tiny:dmr');
    const r = await pull('ai/tiny:dmr');
    expect(r.code, r.err).toBe(0);
    const a = (await (await openStore(join(work, 'a'))).find('tiny')).manifest.layers;
    const b = (await (await openStore(join(work, 'b'))).find(`${reg.host}/ai/tiny:dmr`)).manifest
      .layers;
    const of = (ls: typeof a, t: string) =>
      ls.filter((l) => l.mediaType === t).map((l) => l.digest);
    expect(of(b, MediaType.model)).toEqual(of(a, MediaType.model));
    expect(of(b, MediaType.license)).toEqual(of(a, MediaType.license));
  });
});
