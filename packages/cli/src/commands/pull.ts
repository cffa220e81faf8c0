import { basename } from 'node:path';
import type { BuildEvent } from '@mfc/builder';
import { UsageError, formatBytes } from '@mfc/diagnostics';
import { hubSettings, isHfReference, parseHfReference, type FileProgress } from '@mfc/hf';
import { defineCommand, flag, printJson } from '../command.js';
import { insecureOption } from '../registry-shared.js';
import { modelsDirOf, modelsOption } from '../shared-options.js';
import { type Progress } from '../ui/progress.js';
import { printBuildWarning } from '../ui/build-warning.js';

export default defineCommand({
  name: 'pull',
  summary: 'Download a model from a registry or Hugging Face (hf.co/…) into the store',
  usage:
    'mfc pull [options] ([scheme://]HOST/NAMESPACE/MODEL[:TAG] | hf.co/ORG/REPO[:QUANT][@REVISION])',
  description: [
    'A registry reference (Ollama’s registry by default, or any OCI registry such as',
    'localhost:5000/team/model:tag) is pulled into the store like `ollama pull` does:',
    'blobs verified, in parallel ranged parts, resumable after an interruption (mfc prune',
    'deletes interrupted downloads), the registry’s manifest bytes written last.',
    '',
    'A Hugging Face reference is pulled as Ollama pulls it. From a GGUF repository: the file',
    'for QUANT (case-insensitive; default Q4_K_M, else the best available; split sets and an',
    'mmproj projector included), stored as the model hf.co/ORG/REPO:QUANT (:latest without',
    'QUANT) with the repo-root `template` (Go), `system`, `params` (JSON) and LICENSE files,',
    'or a template chosen for the GGUF’s chat template. The store’s model blob is a hard',
    'link to the cached file (a copy across file systems; the output says which). From a',
    'safetensors repository: the weights, config and tokenizer files only (build them',
    'afterwards). Files go to the cache Python’s huggingface_hub uses ($HF_HUB_CACHE,',
    '$HF_HOME/hub or ~/.cache/huggingface/hub), so both tools share downloads; an',
    'interrupted download resumes where it stopped. $HF_TOKEN authenticates (gated and',
    'private repositories), $HF_ENDPOINT points at a mirror, and with $HF_HUB_OFFLINE=1 (or',
    'when the Hub cannot be reached) the cached snapshot is used.',
  ].join('\n'),
  examples: [
    'mfc pull localhost:5000/team/tiny:v1 --insecure',
    'mfc pull hf.co/bartowski/Llama-3.2-1B-Instruct-GGUF:Q4_K_M',
    'mfc pull hf.co/Qwen/Qwen2.5-0.5B-Instruct --dry-run',
    'HF_TOKEN=hf_… mfc pull hf.co/meta-llama/Llama-3.2-1B-Instruct@main --json',
  ],
  options: {
    models: modelsOption,
    insecure: insecureOption,
    'dry-run': { type: 'boolean', description: 'Only list what would be downloaded' },
    json: {
      type: 'boolean',
      description: 'Progress as JSON events on stderr, the result as JSON on stdout',
    },
  },
  async run(ctx) {
    const [ref, ...extra] = ctx.positionals;
    if (extra.length)
      throw new UsageError(`unexpected argument '${extra[0]}'`, "see 'mfc pull --help'");
    if (!ref)
      throw new UsageError(
        'expected a model reference',
        'for example: mfc pull hf.co/ORG/REPO:Q4_K_M',
      );
    if (!isHfReference(ref)) {
      const { pullFromRegistry } = await import('../registry-pull.js');
      return pullFromRegistry(ctx, ref);
    }
    const parsed = parseHfReference(ref);
    const dryRun = flag(ctx, 'dry-run');
    const json = flag(ctx, 'json');
    const bars = new Map<string, Progress>();
    const onProgress = (p: FileProgress) => {
      let bar = bars.get(p.path);
      if (!bar) {
        bar = ctx.progress({ label: p.path, total: p.total, unit: 'bytes' });
        bars.set(p.path, bar);
      }
      if (p.received >= p.total) {
        bar.finish(
          p.resumedFrom === p.total
            ? 'cached'
            : p.resumedFrom > 0
              ? `resumed at ${formatBytes(p.resumedFrom)}`
              : undefined,
        );
      } else bar.update(p.received);
    };
    let hashBar: Progress | undefined;
    const onEvent = (e: BuildEvent) => {
      if (e.type === 'progress') {
        hashBar ??= ctx.progress({
          label: `verifying ${basename(e.file)}`,
          total: e.total,
          unit: 'bytes',
        });
        hashBar.update(e.done);
        if (e.done >= e.total) {
          hashBar.finish();
          hashBar = undefined;
        }
      } else if (e.type === 'warning') printBuildWarning(ctx, e, json);
    };
    const { pullHfToStore } = await import('@mfc/apps');
    const result = await pullHfToStore(parsed, {
      modelsDir: modelsDirOf(ctx),
      settings: hubSettings(ctx.env),
      dryRun,
      onProgress,
      onEvent,
    });
    hashBar?.finish();
    if (json) {
      printJson(ctx, { ...result, dryRun });
      return 0;
    }
    const head = `${result.kind === 'gguf' ? `GGUF ${result.quant}` : 'safetensors'} from hf.co/${result.repo} at ${result.commit.slice(0, 12)}`;
    const lines = [dryRun ? `would fetch ${formatBytes(result.bytesToFetch)}: ${head}` : head];
    if (result.offline)
      lines.push(
        '  (the Hub was not reachable or HF_HUB_OFFLINE is set: using the cached snapshot)',
      );
    for (const f of result.files)
      lines.push(
        `  ${f.cached ? 'cached ' : dryRun ? 'fetch  ' : 'fetched'}  ${formatBytes(f.size).padStart(9)}  ${f.path}`,
      );
    if (dryRun && result.kind === 'gguf') lines.push(`would store it as ${result.modelName}`);
    const m = result.model;
    if (m) {
      lines.push(`pulled ${m.name} ${m.manifestDigest.slice(7, 19)} into ${modelsDirOf(ctx)}`);
      lines.push(
        m.storage === 'hardlink'
          ? `  weights: hard link to the Hugging Face cache (no second copy): ${m.cachePath}`
          : m.storage === 'copy'
            ? `  weights: copied, not linked: ${m.copyReason}`
            : '  weights: the split parts merged into one GGUF in the store',
      );
      lines.push(
        `  template: ${m.template.source === 'repo' ? "the repo's template file" : m.template.source === 'autodetected' ? `${m.template.name} (chosen for the GGUF's chat template)` : 'none'}`,
      );
      const more = (['system', 'params', 'license'] as const).filter((k) => m.fromRepo[k]);
      if (more.length > 0) lines.push(`  from the repo: ${more.join(', ')}`);
      lines.push(`run it: mfc run ${m.name}`);
    } else if (!dryRun && result.kind === 'safetensors') {
      lines.push(`folder: ${result.snapshotDir}`);
      if (result.buildHint) lines.push(`to build it: ${result.buildHint}`);
    }
    ctx.terminal.out(lines.join('\n') + '\n');
    return 0;
  },
});
