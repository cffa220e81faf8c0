// mfc push hf.co/USER/REPO against the loopback Hub: two quantizations of one
// model in one repo, the repo-root template/system/params files and the card;
// then the hf resolution of that repo picks the asked quantization.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initModelfile } from '@mfc/apps';
import { buildModel } from '@mfc/builder';
import { lintModelfile } from '@mfc/lint';
import { plainStyle } from '@mfc/diagnostics';
import { pullFromHub, startTestHub, type TestHub } from '@mfc/hf';
import type { CommandContext } from '../src/command.js';
import { runHfPush } from '../src/commands/push-hf.js';

const generated = join(__dirname, '../../../fixtures/generated');
const template = `{{- range .Messages }}<|{{ .Role }}|>{{ .Content }}</s>{{ end }}<|assistant|>`;

let hub: TestHub;
let dir: string;
let models: string;
beforeAll(async () => {
  hub = await startTestHub();
  dir = mkdtempSync(join(tmpdir(), 'mfc-push-hf-'));
  models = join(dir, 'models');
  for (const q of ['f16', 'f32']) {
    const mf = join(dir, `${q}.Modelfile`);
    writeFileSync(
      mf,
      `FROM ${join(generated, `tiny-llama-${q}.gguf`)}\nTEMPLATE """${template}"""\nSYSTEM """Be brief."""\nPARAMETER temperature 0.2\nPARAMETER stop </s>\n`,
    );
    await buildModel({ modelsDir: models, name: `tiny:${q}`, modelfile: mf, link: true });
  }
});
afterAll(async () => {
  await hub.close();
  rmSync(dir, { recursive: true, force: true });
});

function push(positionals: string[], env: NodeJS.ProcessEnv) {
  const printed = { out: '', err: '' };
  const ctx: CommandContext = {
    positionals,
    options: { models },
    env,
    cwd: dir,
    debug: false,
    terminal: {
      out: (s) => void (printed.out += s),
      err: (s) => void (printed.err += s),
      stdoutIsTTY: false,
      stderrIsTTY: false,
      outStyle: plainStyle,
      errStyle: plainStyle,
    },
    progress: () => {
      throw new Error('no progress here');
    },
  };
  return runHfPush(ctx).then((code) => ({ code, ...printed }));
}

describe('mfc push hf.co/…', () => {
  it('needs a token, and never prints one', async () => {
    await expect(
      push(['hf.co/me/tiny', 'tiny:f16'], { HF_ENDPOINT: hub.url, HF_TOKEN: '', HOME: dir }),
    ).rejects.toThrow('needs a token');
    const bad = push(['hf.co/me/tiny', 'tiny:f16'], {
      HF_ENDPOINT: hub.url,
      HF_TOKEN: 'hf_wrong_secret',
      HOME: dir,
    });
    await expect(bad).rejects.toThrow(/failed/);
    await expect(bad).rejects.not.toThrow(/hf_wrong_secret/);
  });

  it('uploads both quantizations, template, system, params and the card; pull picks the quant', async () => {
    const env = {
      HF_ENDPOINT: hub.url,
      HF_TOKEN: hub.token,
      HOME: dir,
      HF_HUB_CACHE: join(dir, 'hf-cache'),
    };
    const r = await push(['hf.co/me/tiny', 'tiny:f16', 'tiny:f32'], env);
    expect(r.code).toBe(0);
    expect(r.out).toContain(`pushed to ${hub.url}/me/tiny`);
    expect(r.out).not.toContain(hub.token);
    const get = async (path: string) => {
      const res = await fetch(`${hub.url}/me/tiny/resolve/main/${path}`);
      expect({ path, status: res.status }).toEqual({ path, status: 200 });
      return Buffer.from(await res.arrayBuffer());
    };
    expect((await get('template')).toString()).toBe(template);
    expect((await get('system')).toString()).toBe('Be brief.');
    expect(JSON.parse((await get('params')).toString())).toEqual({
      stop: ['</s>'],
      temperature: 0.2,
    });
    const card = (await get('README.md')).toString();
    expect(card).toContain('ollama run hf.co/me/tiny');
    expect(card).toContain('library_name: gguf');
    expect(
      (await get('Tiny-Llama-F16.gguf')).equals(
        readFileSync(join(generated, 'tiny-llama-f16.gguf')),
      ),
    ).toBe(true);

    const settings = { hubUrl: hub.url, accessToken: hub.token, cacheDir: join(dir, 'hf-cache') };
    const f32 = await pullFromHub(
      { repo: 'me/tiny', quant: 'F32', revision: 'main' },
      { settings },
    );
    expect(f32.quant).toBe('F32');
    expect(
      readFileSync(f32.modelPath!).equals(readFileSync(join(generated, 'tiny-llama-f32.gguf'))),
    ).toBe(true);
    const dflt = await pullFromHub({ repo: 'me/tiny', revision: 'main' }, { settings });
    expect(dflt.quant).toBe('F16'); // the first of the two in Ollama's preference order

    // mfc init on the pushed repo: FROM the reference, the GGUF's chat template matched.
    const init = await initModelfile('hf.co/me/tiny:F32', {
      cwd: dir,
      outFile: join(dir, 'Modelfile'),
      env,
    });
    expect(init.text).toContain('FROM hf.co/me/tiny:F32\n');
    expect(init.templateName).toBe('llama2');
    const lint = await lintModelfile(init.text, { file: join(dir, 'Modelfile'), config: false });
    expect(lint.findings.map((f) => f.message)).toEqual([]);

    // A second push to the same repo adds a commit (the repo exists already).
    const again = await push(['hf.co/me/tiny', 'tiny:f16'], env);
    expect(again.code).toBe(0);
  });
});
