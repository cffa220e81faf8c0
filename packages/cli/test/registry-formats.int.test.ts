// `mfc push --format modelpack|docker`: the registry gets exactly the manifest
// `mfc export --format` writes (checked with skopeo), and `mfc pull` converts
// it back into an Ollama model.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildModel } from '@mfc/builder';
import { MediaType, openStore } from '@mfc/store';
import { have, startRegistry, type TestRegistry } from '../../registry/test/harness.js';
import { runMfc } from './in-process.js';

const missing = ['docker-registry', 'skopeo'].filter((p) => !have(p));
if (missing.length)
  console.warn(`skipping push --format tests: ${missing.join(', ')} not installed`);

let reg: TestRegistry;
let work: string;
const env = () => ({ PATH: process.env.PATH, HOME: work, DOCKER_CONFIG: join(work, 'docker') });

beforeAll(async () => {
  if (missing.length) return;
  reg = await startRegistry({ auth: false });
  work = mkdtempSync(join(tmpdir(), 'mfc-push-format-'));
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

/** The manifest bytes `mfc export --format` writes for tiny (from the layout's index). */
async function exportedManifest(format: string): Promise<Buffer> {
  const dir = join(work, `export-${format}`);
  const r = await runMfc(
    ['export', 'tiny', '--dir', dir, '--format', format, '--models', join(work, 'a')],
    env(),
  );
  expect(r.code, r.stderr).toBe(0);
  const index = JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8'));
  return readFileSync(join(dir, 'blobs', 'sha256', index.manifests[0].digest.slice(7)));
}

describe.skipIf(missing.length > 0)('mfc push --format', () => {
  for (const [format, repo] of [
    ['modelpack', 'team/tiny:mp'],
    ['docker', 'ai/tiny:dmr'],
  ] as const) {
    it(`${format}: the registry holds the exported manifest bytes; pull converts back`, async () => {
      const dest = `${reg.host}/${repo}`;
      const push = await runMfc(
        [
          'push',
          'tiny',
          dest,
          '--format',
          format,
          '--insecure',
          '--models',
          join(work, 'a'),
          '--json',
        ],
        env(),
      );
      expect(push.code, push.stderr).toBe(0);
      const result = JSON.parse(push.stdout);
      expect(result.format).toBe(format);
      const raw = execFileSync(
        'skopeo',
        ['inspect', '--raw', '--tls-verify=false', `docker://${dest}`],
        { env: { ...process.env, REGISTRY_AUTH_FILE: join(work, 'none.json') } },
      );
      const exported = await exportedManifest(format);
      expect(raw.equals(exported)).toBe(true);
      expect(result.manifestDigest).toBe(
        `sha256:${(await import('node:crypto')).createHash('sha256').update(exported).digest('hex')}`,
      );

      const b = join(work, `b-${format}`);
      const pull = await runMfc(['pull', dest, '--insecure', '--models', b], env());
      expect(pull.code, pull.stderr).toBe(0);
      const original = await (await openStore(join(work, 'a'))).find('tiny');
      const pulled = await (await openStore(b)).find(dest);
      if (format === 'modelpack') {
        // ModelPack carries everything Ollama has: the original manifest, byte for byte
        expect(readFileSync(pulled.manifestPath).equals(readFileSync(original.manifestPath))).toBe(
          true,
        );
      } else {
        const of = (m: typeof original) =>
          m.manifest.layers.filter((l) => l.mediaType === MediaType.model).map((l) => l.digest);
        expect(of(pulled)).toEqual(of(original));
      }
    });
  }

  it('an unknown format is a usage error', async () => {
    const r = await runMfc(
      [
        'push',
        'tiny',
        `${reg.host}/x/y`,
        '--format',
        'zip',
        '--insecure',
        '--models',
        join(work, 'a'),
      ],
      env(),
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown format 'zip'");
  });
});
