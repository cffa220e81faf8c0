/**
 * `mfc push hf.co/USER/REPO [NAME…]`: publishes stored models to a Hugging
 * Face repo the way Ollama pulls from one (`ollama run hf.co/USER/REPO:QUANT`):
 * one GGUF per quantization named `<model>-<QUANT>.gguf`, the repo-root
 * `template` (Go), `system` and `params` (JSON) files Ollama reads, and a
 * model card (README.md). Through @huggingface/hub; HF_TOKEN and HF_ENDPOINT
 * honoured; the token is never printed.
 */
import { pathToFileURL } from 'node:url';
import { createRepo, uploadFiles } from '@huggingface/hub';
import { MfcError } from '@mfc/diagnostics';
import { appsError } from './error-codes.js';
import { hubSettings, parseHfReference } from '@mfc/hf';
import type { Store } from '@mfc/store';
import { modelBaseName, modelCard } from './card.js';
import { storedModelInfo, type StoredModelInfo } from './model-info.js';

export interface HfPushOptions {
  env?: NodeJS.ProcessEnv;
  /** Commit title (default: "Upload <names> with mfc"). */
  title?: string;
}

export interface HfPushResult {
  repo: string;
  hubUrl: string;
  commit?: string;
  /** Repo paths uploaded, in order. */
  files: string[];
  /** quantization → GGUF path in the repo. */
  quants: Record<string, string>;
}

/** Pushes stored models (several quantizations of one model) to one Hugging Face repo. */
export async function pushToHf(
  store: Store,
  target: string,
  names: readonly string[],
  options: HfPushOptions = {},
): Promise<HfPushResult> {
  const ref = parseHfReference(target);
  if (ref.quant)
    throw appsError(
      'PUSH_HF_QUANT',
      `push to ${ref.repo}, not to one quantization (${ref.quant})`,
      {
        hint: 'the quantization comes from each model’s GGUF',
      },
    );
  if (names.length === 0)
    throw appsError('PUSH_HF_NO_MODEL', 'name the model(s) to push', {
      hint: `mfc push ${target} mymodel:q4_k_m mymodel:q8_0`,
    });
  const settings = hubSettings(options.env ?? process.env);
  if (!settings.accessToken)
    throw appsError('PUSH_HF_NO_TOKEN', 'pushing to Hugging Face needs a token', {
      hint: 'set HF_TOKEN (a write token from https://huggingface.co/settings/tokens) or run huggingface-cli login',
    });
  const infos: StoredModelInfo[] = [];
  for (const n of names) infos.push(await storedModelInfo(store, n));
  const base = modelBaseName(infos[0]);
  const quants: Record<string, string> = {};
  const files: { path: string; content: URL | Blob }[] = [];
  for (const info of infos) {
    const quant = info.gguf.fileTypeName;
    if (quants[quant])
      throw appsError(
        'PUSH_HF_SAME_QUANT',
        `two of the models are ${quant}; one repo holds one file per quantization`,
      );
    const path = `${base}-${quant}.gguf`;
    quants[quant] = path;
    files.push({ path, content: pathToFileURL(info.ggufPath) });
  }
  const first = infos[0].runnable;
  const text = (s: string) => new Blob([s]);
  if (first.template) files.push({ path: 'template', content: text(first.template) });
  if (first.system) files.push({ path: 'system', content: text(first.system) });
  if (first.parameters && Object.keys(first.parameters).length > 0)
    files.push({ path: 'params', content: text(JSON.stringify(first.parameters, null, 2) + '\n') });
  const card = await modelCard(store, names[0], {
    ollamaName: `hf.co/${ref.repo}`,
    fileName: quants[infos[0].gguf.fileTypeName],
  });
  files.push({ path: 'README.md', content: text(card) });

  const credentials = { accessToken: settings.accessToken };
  const repo = { type: 'model' as const, name: ref.repo };
  try {
    await createRepo({ repo, ...credentials, hubUrl: settings.hubUrl });
  } catch (err) {
    // An existing repo is fine: pushing adds a commit to it.
    if (
      !/already created|409|conflict/i.test(
        String((err as Error).message) + String((err as { statusCode?: number }).statusCode),
      )
    )
      throw hubError(err, ref.repo, settings.accessToken);
  }
  let commit: string | undefined;
  try {
    const out = await uploadFiles({
      repo,
      ...credentials,
      hubUrl: settings.hubUrl,
      files,
      commitTitle: options.title ?? `Upload ${names.join(', ')} with mfc`,
      useXet: false,
    });
    commit = out?.commit.oid;
  } catch (err) {
    throw hubError(err, ref.repo, settings.accessToken);
  }
  return {
    repo: ref.repo,
    hubUrl: settings.hubUrl,
    commit,
    files: files.map((f) => f.path),
    quants,
  };
}

function hubError(err: unknown, repo: string, token: string): MfcError {
  const message = String((err as Error).message ?? err)
    .split(token)
    .join('***');
  return appsError('PUSH_HF_FAILED', `pushing to ${repo} failed: ${message}`);
}
