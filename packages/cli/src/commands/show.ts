import { UsageError } from '@mfc/diagnostics';
import { describeModel, modelfileOf, parameterText } from '@mfc/builder';
import { Store } from '@mfc/store';
import { defineCommand, flag } from '../command.js';
import { modelsDirOf, modelsOption } from '../shared-options.js';

const parts = ['modelfile', 'template', 'system', 'parameters', 'license'] as const;

export default defineCommand({
  name: 'show',
  summary: 'Show a model’s details, Modelfile, template, system prompt, parameters or license',
  usage: 'mfc show NAME [--modelfile | --template | --system | --parameters | --license] [--json]',
  description: [
    '--modelfile prints a Modelfile that rebuilds the same model (same manifest digest):',
    'FROM names the base model when the model was built FROM one that is still in the',
    'store, otherwise the model blob’s path; parameter values re-parse exactly.',
  ].join('\n'),
  examples: [
    'mfc show mymodel',
    'mfc show mymodel --modelfile > Modelfile',
    'mfc show me/assistant:v1 --parameters',
  ],
  options: {
    models: modelsOption,
    modelfile: { type: 'boolean', description: 'Print a Modelfile that rebuilds the model' },
    template: { type: 'boolean', description: 'Print the template' },
    system: { type: 'boolean', description: 'Print the system prompt' },
    parameters: { type: 'boolean', description: 'Print the parameters' },
    license: { type: 'boolean', description: 'Print the license(s)' },
    json: { type: 'boolean', description: 'Print everything as JSON' },
  },
  async run(ctx) {
    if (ctx.positionals.length !== 1)
      throw new UsageError(
        ctx.positionals.length === 0
          ? 'missing model name'
          : `unexpected argument '${ctx.positionals[1]}'`,
        "see 'mfc show --help'",
      );
    const chosen = parts.filter((p) => flag(ctx, p));
    if (chosen.length > 1) throw new UsageError(`choose one of --${chosen.join(', --')}`);
    const store = new Store(modelsDirOf(ctx));
    const model = await store.find(ctx.positionals[0]);
    const out = (s: string) => ctx.terminal.out(s);
    if (chosen[0] === 'modelfile') {
      out(await modelfileOf(store, model));
      return 0;
    }
    const d = await describeModel(store, model);
    if (flag(ctx, 'json')) {
      out(JSON.stringify({ ...d, modelfile: await modelfileOf(store, model) }, null, 2) + '\n');
      return 0;
    }
    switch (chosen[0]) {
      case 'template':
        out((d.template ?? '') + '\n');
        return 0;
      case 'system':
        out((d.system ?? '') + '\n');
        return 0;
      case 'license':
        out(d.licenses.join('\n\n') + '\n');
        return 0;
      case 'parameters':
        for (const [k, v] of Object.entries(d.parameters ?? {})) {
          for (const item of Array.isArray(v) ? v : [v])
            out(
              `${k.padEnd(30)} ${typeof item === 'string' ? JSON.stringify(item) : parameterText(k, item)}\n`,
            );
        }
        return 0;
    }
    const section = (title: string, rows: [string, string][]) => {
      if (rows.length === 0) return;
      out(`  ${title}\n`);
      const w = Math.max(...rows.map(([k]) => k.length));
      for (const [k, v] of rows) out(`    ${k.padEnd(w + 4)}${v}\n`);
      out('\n');
    };
    const modelRows: [string, string][] = [
      ['name', d.name],
      ['id', d.digest.slice(7, 19)],
    ];
    if (d.details !== undefined) {
      const det: NonNullable<typeof d.details> = d.details;
      modelRows.push(['architecture', det.architecture], ['parameters', det.parameters]);
      if (det.contextLength !== undefined)
        modelRows.push(['context length', String(det.contextLength)]);
      if (det.embeddingLength !== undefined)
        modelRows.push(['embedding length', String(det.embeddingLength)]);
      modelRows.push(['quantization', det.quantization]);
    }
    if (d.config.requires) modelRows.push(['requires', d.config.requires]);
    section('Model', modelRows);
    section(
      'Layers',
      d.layers.map((l) => [
        l.mediaType.replace('application/vnd.ollama.image.', ''),
        `${l.digest.slice(0, 19)}  ${l.size} B${l.from ? `  from ${l.from}` : ''}`,
      ]),
    );
    section(
      'Parameters',
      Object.entries(d.parameters ?? {}).flatMap(([k, v]) =>
        (Array.isArray(v) ? v : [v]).map(
          (item) =>
            [k, typeof item === 'string' ? JSON.stringify(item) : parameterText(k, item)] as [
              string,
              string,
            ],
        ),
      ),
    );
    if (d.system) out(`  System\n    ${d.system.split('\n').join('\n    ')}\n\n`);
    if (d.licenses.length > 0)
      out(`  License\n    ${d.licenses[0].split('\n').slice(0, 3).join('\n    ')}\n\n`);
    return 0;
  },
});
