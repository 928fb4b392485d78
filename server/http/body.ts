import type { IncomingMessage } from 'node:http';
import { HttpStatusError } from './status';

/** Reads a small JSON (or form) body, refusing more than `limit` bytes with 413. */
export async function readSmallBody(req: IncomingMessage, limit = 64 * 1024): Promise<string> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) throw new HttpStatusError(413, 'RequestEntityTooLarge', `request body larger than ${limit} bytes`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new HttpStatusError(413, 'RequestEntityTooLarge', `request body larger than ${limit} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Parses a JSON object body; 400 when it is not one. */
export async function readJsonObject(req: IncomingMessage, limit?: number): Promise<Record<string, unknown>> {
  const text = await readSmallBody(req, limit);
  try {
    const v: unknown = JSON.parse(text);
    if (v && typeof v === 'object' && !Array.isArray(v)) return v as Record<string, unknown>;
  } catch {
    // fall through to the 400 below
  }
  throw new HttpStatusError(400, 'BadRequest', 'expected a JSON object body');
}
