import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { createWriteStream, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { pack } from 'tar-stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generate } from '@mfc/llama-cpp';
import { MediaType, openStore, type Store } from '@mfc/store';
import {
  importLayout,
  planExport,
  readLayoutDir,
  writeLayoutTar,
  type ExportFormat,
} from '../src/index.js';
import { openTar, repoRoot, storeWithTiny, tempDir, tinyGguf } from './helpers.js';

const hasSkopeo = spawnSync('sh', ['-c', 'command -v skopeo']).status === 0;
const mfcBin = join(repoRoot, 'packages/cli/bin/mfc.js');
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

let t: ReturnType<typeof tempDir>;
let src: Store;
beforeAll(async () => {
  t = tempDir('mfc-oci-int-');
  src = await storeWithTiny(join(t.dir, 'a'));
});
afterAll(() => t.cleanup());

async function exportTo(format: ExportFormat, file: string) {
  const plan = await planExport(src, ['tiny'], format);
  await writeLayoutTar(plan, createWriteStream(file));
  return plan;
}

describe.skipIf(!hasSkopeo)('skopeo reads and writes what mfc does', () => {
  it('skopeo inspects the ModelPack and Docker exports and gets their manifests', async () => {
    for (const format of ['modelpack', 'docker'] as const) {
      const file = join(t.dir, `${format}.tar`);
      const plan = await exportTo(format, file);
      const raw = execFileSync('skopeo', ['inspect', '--raw', `oci-archive:${file}`]);
      expect(raw.equals(plan.blobs.get(plan.models[0].descriptor.digest)!.data!), format).toBe(
        true,
      );
    }
  });

  it('imports a layout skopeo wrote, and ModelPack through skopeo still gives the original manifest', async () => {
    const file = join(t.dir, 'mp.tar');
    await exportTo('modelpack', file);
    const copied = join(t.dir, 'skopeo.tar');
    execFileSync('skopeo', [
      'copy',
      '-q',
      `oci-archive:${file}`,
      `oci-archive:${copied}:tiny:copied`,
    ]);
    const dst = await openStore(join(t.dir, 'b'));
    const [m] = await importLayout(dst, await openTar(copied, dst));
    expect(m).toMatchObject({ name: 'tiny:copied', format: 'modelpack' });
    const a = readFileSync((await src.find('tiny')).manifestPath);
    expect(readFileSync((await dst.find('tiny:copied')).manifestPath).equals(a)).toBe(true);
  });
});

/** Writes an OCI layout folder for one manifest by hand, as another tool would. */
function writeLayout(
  dir: string,
  config: { mediaType: string; data: Buffer },
  layers: Array<{ mediaType: string; data: Buffer; annotations?: Record<string, string> }>,
  ref: string,
) {
  mkdirSync(join(dir, 'blobs', 'sha256'), { recursive: true });
  const put = (data: Buffer) => {
    writeFileSync(join(dir, 'blobs', 'sha256', sha(data)), data);
    return { digest: `sha256:${sha(data)}`, size: data.length };
  };
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: { mediaType: config.mediaType, ...put(config.data) },
      layers: layers.map((l) => ({
        mediaType: l.mediaType,
        ...put(l.data),
        ...(l.annotations ? { annotations: l.annotations } : {}),
      })),
    }),
  );
  const md = put(manifest);
  writeFileSync(join(dir, 'oci-layout'), '{"imageLayoutVersion":"1.0.0"}');
  writeFileSync(
    join(dir, 'index.json'),
    JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.index.v1+json',
      manifests: [
        {
          mediaType: 'application/vnd.oci.image.manifest.v1+json',
          ...md,
          annotations: { 'org.opencontainers.image.ref.name': ref },
        },
      ],
    }),
  );
}

async function tarOf(files: Array<[string, Buffer]>): Promise<Buffer> {
  const p = pack();
  const chunks: Buffer[] = [];
  p.on('data', (c: unknown) => void chunks.push(c as Buffer));
  const done = new Promise<void>((r) => p.on('end', () => r()));
  for (const [name, body] of files) p.entry({ name, mode: 0o644, uid: 1000, gid: 0 }, body);
  p.finalize();
  await done;
  return Buffer.concat(chunks);
}

async function generatesWith(store: Store, name: string) {
  const model = await store.find(name);
  const layer = model.manifest.layers.find((l) => l.mediaType === MediaType.model)!;
  const r = await generate({
    model: store.blobs.path(layer.digest),
    prompt: 'Hello',
    nPredict: 3,
    seed: 1,
    temperature: 0,
  });
  expect(r.tokens.length).toBeGreaterThan(0);
  return model;
}

describe('foreign artifacts become runnable Ollama models', () => {
  const gguf = () => readFileSync(tinyGguf);
  const license = Buffer.from('MIT License\n\nPermission is hereby granted…\n');

  it('a KitOps ModelKit: the GGUF and LICENSE come out of its tar layers, and llama.cpp runs it', async () => {
    const dir = join(t.dir, 'kitops');
    const kitfile = {
      manifestVersion: '1.0.0',
      package: { name: 'tiny', license: 'MIT' },
      model: { name: 'tiny', path: 'models/tiny.gguf' },
      docs: [{ path: 'LICENSE' }, { path: 'README.md' }],
    };
    writeLayout(
      dir,
      {
        mediaType: 'application/vnd.kitops.modelkit.config.v1+json',
        data: Buffer.from(JSON.stringify(kitfile)),
      },
      [
        {
          mediaType: 'application/vnd.kitops.modelkit.model.v1.tar',
          data: await tarOf([['models/tiny.gguf', gguf()]]),
        },
        {
          mediaType: 'application/vnd.kitops.modelkit.docs.v1.tar',
          data: await tarOf([
            ['LICENSE', license],
            ['README.md', Buffer.from('# tiny\n')],
          ]),
        },
      ],
      'kit/tiny:v1',
    );
    const dst = await openStore(join(t.dir, 'kit-store'));
    const [m] = await importLayout(dst, await readLayoutDir(dir, dst.blobs));
    expect(m).toMatchObject({ name: 'kit/tiny:v1', format: 'kitops' });
    const model = await generatesWith(dst, 'kit/tiny:v1');
    const lic = model.manifest.layers.find((l) => l.mediaType === MediaType.license)!;
    expect(await dst.readBlobText(lic.digest)).toBe(license.toString());
    expect(model.manifest.layers.find((l) => l.mediaType === MediaType.model)!.digest).toBe(
      `sha256:${sha(gguf())}`,
    );
    const config = JSON.parse(await dst.readBlobText(model.manifest.config.digest));
    expect(config).toMatchObject({ model_format: 'gguf', model_family: 'llama' });
  }, 300_000);

  it('a Docker Model Runner artifact: GGUF, license and context size map, the Jinja template is reported', async () => {
    const dir = join(t.dir, 'dmr');
    const config = {
      config: {
        format: 'gguf',
        quantization: 'F16',
        parameters: '1M',
        architecture: 'llama',
        size: '19MB',
        context_size: 512,
      },
      descriptor: { created: '2026-01-01T00:00:00Z' },
    };
    writeLayout(
      dir,
      {
        mediaType: 'application/vnd.docker.ai.model.config.v0.1+json',
        data: Buffer.from(JSON.stringify(config)),
      },
      [
        {
          mediaType: 'application/vnd.docker.ai.gguf.v3',
          data: gguf(),
          annotations: { 'org.cncf.model.filepath': 'tiny.gguf' },
        },
        { mediaType: 'application/vnd.docker.ai.license', data: license },
        {
          mediaType: 'application/vnd.docker.ai.chat.template.jinja',
          data: Buffer.from('{{ messages }}'),
          annotations: { 'org.cncf.model.filepath': 'template.jinja' },
        },
      ],
      'ai/tiny:latest',
    );
    const dst = await openStore(join(t.dir, 'dmr-store'));
    const [m] = await importLayout(dst, await readLayoutDir(dir, dst.blobs));
    expect(m.format).toBe('docker');
    expect(m.notMapped).toEqual(['template.jinja (application/vnd.docker.ai.chat.template.jinja)']);
    const model = await generatesWith(dst, 'ai/tiny');
    const params = model.manifest.layers.find((l) => l.mediaType === MediaType.params)!;
    expect(JSON.parse(await dst.readBlobText(params.digest))).toEqual({ num_ctx: 512 });
  }, 300_000);
});

describe('the mfc binary', () => {
  it('pipes an export into an import (-o - | import -) and refuses a bad archive with exit 1', async () => {
    const env = { ...process.env, NO_COLOR: '1' };
    const exp = spawn(
      process.execPath,
      [mfcBin, 'export', 'tiny', '-o', '-', '--models', join(t.dir, 'a')],
      { env },
    );
    const imp = spawn(
      process.execPath,
      [mfcBin, 'import', '-', '--models', join(t.dir, 'piped'), '--json'],
      { env },
    );
    exp.stdout.pipe(imp.stdin);
    let out = '';
    imp.stdout.on('data', (d) => (out += d));
    const code = await new Promise((r) => imp.on('close', r));
    expect(code).toBe(0);
    expect(JSON.parse(out)).toMatchObject([{ name: 'tiny:latest', format: 'ollama' }]);
    const bad = join(t.dir, 'bad.tar');
    writeFileSync(bad, Buffer.alloc(1024, 1));
    const r = spawnSync(process.execPath, [mfcBin, 'import', bad, '--models', join(t.dir, 'bad')], {
      env,
      encoding: 'utf8',
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('bad.tar');
  });
});
