import { encodeGoJson } from '@mfc/gocompat';
import { MediaType, type Layer } from '@mfc/store';
import { mergeParams } from '../params.js';
import type { BuildRequest, ParamValue } from '../request.js';
import { checkTemplate } from '../template.js';
import { writeTextLayer, type BuildContext } from './context.js';

/** The checks of stage 6 that can fail, run before the build writes its first blob. */
export function checkTextLayers(req: BuildRequest): void {
  if (req.template) checkTemplate(req.template, req.templateLocation);
}

/**
 * Stage 6: TEMPLATE, SYSTEM, LICENSE, PARAMETER and MESSAGE as layers, in
 * Ollama's order. TEMPLATE, SYSTEM, the params and the messages replace the
 * inherited layer of their type; each LICENSE adds one.
 */
export async function textLayers(
  ctx: BuildContext,
  inherited: readonly Layer[],
  req: BuildRequest,
  params: Map<string, ParamValue>,
): Promise<{ layers: Layer[]; templateFromModelfile: boolean }> {
  let layers = [...inherited];
  const put = async (mediaType: string, content: string | Uint8Array, replace: boolean) => {
    if (replace) layers = layers.filter((l) => l.mediaType !== mediaType);
    layers.push(await writeTextLayer(ctx, mediaType, content));
  };
  // The TEMPLATE was checked before any blob was written (checkRequest).
  if (req.template) await put(MediaType.template, req.template, true);
  if (req.system) await put(MediaType.system, req.system, true);
  for (const license of req.licenses) await put(MediaType.license, license, false);
  const existingParams: string[] = [];
  for (const l of layers.filter((x) => x.mediaType === MediaType.params))
    existingParams.push(await ctx.store.readBlobText(l.digest));
  const paramsText = mergeParams(params, existingParams);
  if (paramsText !== undefined) await put(MediaType.params, paramsText, true);
  if (req.messages.length > 0) {
    const messages = req.messages.map((x) => ({ role: x.role, content: x.content }));
    await put(MediaType.messages, encodeGoJson(messages), true);
  }
  return { layers, templateFromModelfile: Boolean(req.template) };
}
