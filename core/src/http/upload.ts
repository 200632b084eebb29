import type { Request } from 'express';
import { Problem } from '../kernel/problems.js';

/**
 * An upload route's body as a stream of bytes, cut off with a 413 once it passes `limit` (a client may
 * send no Content-Length, so the header check alone is not enough).
 */
export async function* uploadBody(req: Request, limit: number): AsyncGenerator<Uint8Array> {
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.byteLength;
    if (size > limit)
      throw new Problem('payload-too-large', `上限は ${limit} バイトです / The limit is ${limit} bytes`);
    yield chunk;
  }
}

/** The media type an upload was sent as, without parameters. */
export const contentTypeOf = (req: Request) =>
  (req.get('content-type') ?? 'application/octet-stream').split(';')[0]!.trim().toLowerCase();
