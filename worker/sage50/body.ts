// Reads a connector's POST body: plain or `Content-Encoding: gzip`, capped AFTER gunzip, so a gzip
// bomb stops at the cap (413) instead of filling memory.

/** Why a body could not be read. */
export type BodyProblem = { status: 413 | 415 | 400; message: string };

/**
 * The body as text, at most `max` bytes once decoded. Stops reading as soon as the cap is passed.
 * `encoding` is the Content-Encoding header (absent/identity or gzip; anything else is a 415).
 */
export async function readBody(
  body: ReadableStream<Uint8Array> | null,
  encoding: string | undefined,
  max: number,
): Promise<{ text: string } | BodyProblem> {
  const enc = (encoding ?? "identity").trim().toLowerCase();
  if (enc !== "identity" && enc !== "gzip")
    return { status: 415, message: `Content-Encoding ${enc} is not supported (send gzip or plain JSON).` };
  if (!body) return { text: "" };
  const gunzip = new DecompressionStream("gzip") as unknown as ReadableWritablePair<Uint8Array, Uint8Array>;
  const stream = enc === "gzip" ? body.pipeThrough(gunzip) : body;
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > max) {
        await reader.cancel().catch(() => {});
        return { status: 413, message: `The batch is over ${max} bytes (after decompression).` };
      }
      chunks.push(value);
    }
  } catch {
    return { status: 400, message: "The gzip body could not be decompressed." };
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  try {
    return { text: new TextDecoder("utf-8", { fatal: true }).decode(out) };
  } catch {
    return { status: 400, message: "The body is not UTF-8 text." };
  }
}
