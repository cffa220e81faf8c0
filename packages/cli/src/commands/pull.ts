import { UsageError } from '@mfc/diagnostics';
import {
  hubSettings,
  isHfReference,
  parseHfReference,
  pullFromHub,
  type FileProgress,
} from '@mfc/hf';
import { defineCommand, flag, printJson } from '../command.js';
import { insecureOption } from '../registry-shared.js';
import { modelsOption } from '../shared-options.js';
import { formatBytes, type Progress } from '../ui/progress.js';

export default defineCommand({
  name: 'pull',
  summary: 'Download a model from a registry into the store, or from Hugging Face into its cache',
  usage:
    'mfc pull [options] ([scheme://]HOST/NAMESPACE/MODEL[:TAG] | hf.co/ORG/REPO[:QUANT][@REVISION])',
  description: [
    'A registry reference (Ollama’s registry by default, or any OCI registry such as',
    'localhost:5000/team/model:tag) is pulled into the store like `ollama pull` does:',
    'blobs verified, in parallel ranged parts, resumable after an interruption (mfc prune',
    'deletes interrupted downloads), the registry’s manifest bytes written last.',
    '',
    'A Hugging Face reference:',
    'Fetches what a model needs: from a GGUF repository the file for QUANT (default Q4_K_M,',
    'else the best available; split sets and an mmproj projector included), from a',
    'safetensors repository the weights, config and tokenizer files (build or convert them',
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
    const result = await pullFromHub(parsed, {
      settings: hubSettings(ctx.env),
      dryRun,
      onProgress,
    });
    if (flag(ctx, 'json')) {
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
    if (!dryRun)
      lines.push(
        result.kind === 'gguf' ? `model: ${result.modelPath}` : `folder: ${result.snapshotDir}`,
      );
    if (result.projectorPath && !dryRun) lines.push(`projector: ${result.projectorPath}`);
    ctx.terminal.out(lines.join('\n') + '\n');
    return 0;
  },
});
