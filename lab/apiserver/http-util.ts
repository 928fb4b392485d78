import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseYaml } from 'yaml';
import { badRequest, StatusError } from '../store/status-error';

/** Largest request body accepted (kube-apiserver's limit is 3 MiB for most writes). */
const MAX_BODY = 3 * 1024 * 1024;

/** Writes a JSON body with the given status. */
export function sendJson(res: ServerResponse, code: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(code, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private', ...headers, 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

/** Writes any error as a Kubernetes `Status`; unexpected errors become 500 InternalError. */
export function sendError(res: ServerResponse, err: unknown): void {
  const se = err instanceof StatusError ? err : new StatusError(500, 'InternalError', `Internal error occurred: ${err instanceof Error ? err.message : String(err)}`);
  if (res.headersSent) {
    res.destroy();
    return;
  }
  sendJson(res, se.code, se.toStatus());
}

/** Reads the whole request body (bounded). */
export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new StatusError(413, 'RequestEntityTooLarge', 'Request entity too large: limit is 3145728'));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Media type without parameters, lower-cased. */
export function mediaType(req: IncomingMessage): string {
  return (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

/**
 * Parses a JSON or YAML body. `kubectl create --raw -f x.yaml` sends YAML with no
 * Content-Type, so anything that is not JSON is tried as YAML.
 */
export function parseObjectBody(body: Buffer, type: string): unknown {
  const text = body.toString('utf8');
  if (!text.trim()) throw badRequest('the body of the request was empty');
  try {
    return JSON.parse(text);
  } catch (jsonErr) {
    if (type === 'application/json') throw badRequest(`couldn't get version/kind; json parse error: ${(jsonErr as Error).message}`);
    try {
      return parseYaml(text);
    } catch (yamlErr) {
      throw badRequest(`error decoding YAML: ${(yamlErr as Error).message}`);
    }
  }
}

/** Does the Accept header ask for a server-side Table (`kubectl get`)? */
export function wantsTable(req: IncomingMessage): boolean {
  const accept = req.headers.accept ?? '';
  return /as=Table/.test(accept) && /g=meta\.k8s\.io/.test(accept);
}

/** Does the Accept header ask for PartialObjectMetadata[List]? */
export function wantsPartialMetadata(req: IncomingMessage): boolean {
  return /as=PartialObjectMetadata/.test(req.headers.accept ?? '');
}

/** Aggregated discovery version the client accepts (v2 preferred), or undefined for legacy. */
export function aggregatedDiscovery(req: IncomingMessage): 'v2' | 'v2beta1' | undefined {
  const accept = req.headers.accept ?? '';
  if (!/g=apidiscovery\.k8s\.io/.test(accept)) return undefined;
  return /v=v2(?!beta)/.test(accept) ? 'v2' : 'v2beta1';
}

/** `true`/`1` query flags as the apiserver reads them. */
export function flag(q: URLSearchParams, name: string): boolean {
  const v = q.get(name);
  return v === 'true' || v === '1';
}
