/**
 * Everything on standard input, as bytes (callers decode: the Modelfile
 * parser wants bytes to report bad UTF-8 with an offset). `input` is for
 * callers that have a stream of their own.
 */
export async function readStdin(
  input: AsyncIterable<Uint8Array | string> = process.stdin,
): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of input) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}
