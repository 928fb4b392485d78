import { request } from 'node:http';

export interface CallResult {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json<T = Record<string, unknown>>(): T;
}

export interface CallOptions {
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Send the body chunked (no Content-Length). */
  chunked?: boolean;
}

/**
 * A tiny HTTP client over node:http that sends the path byte for byte (fetch would normalise
 * `..` away) and keeps one cookie jar, like one browser.
 */
export class Browser {
  readonly cookies = new Map<string, string>();

  constructor(readonly base: string) {}

  get origin(): string {
    return new URL(this.base).origin;
  }

  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  call(method: string, path: string, opts: CallOptions = {}): Promise<CallResult> {
    const u = new URL(this.base);
    const headers: Record<string, string> = { ...opts.headers };
    if (this.cookies.size && !headers.cookie) headers.cookie = this.cookieHeader();
    if (opts.body !== undefined && !opts.chunked) headers['content-length'] = String(Buffer.byteLength(opts.body));
    return new Promise((resolve, reject) => {
      const req = request({ host: u.hostname, port: u.port, method, path, headers }, (res) => {
        this.absorb(res.headers['set-cookie']);
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: <T>() => JSON.parse(text) as T });
        });
        res.on('error', reject);
      });
      req.on('error', reject);
      if (opts.body !== undefined) req.end(opts.body);
      else req.end();
    });
  }

  /** Same-origin JSON write with the CSRF token, as the app's fetch wrapper does it. */
  write(method: string, path: string, body: unknown, csrf: string, contentType = 'application/json'): Promise<CallResult> {
    return this.call(method, path, {
      headers: { origin: this.origin, 'x-csrf-token': csrf, 'content-type': contentType },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  }

  absorb(setCookie: string[] | undefined): void {
    for (const c of setCookie ?? []) {
      const [pair, ...attrs] = c.split(';');
      const eq = (pair ?? '').indexOf('=');
      const name = (pair ?? '').slice(0, eq).trim();
      const value = (pair ?? '').slice(eq + 1).trim();
      if (attrs.some((a) => /max-age=0\b/i.test(a.trim())) || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
}
