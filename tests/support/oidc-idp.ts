import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

export interface TestIdp {
  issuer: string;
  close(): Promise<void>;
}

/** Accounts of the test identity provider: username → groups. */
export type Accounts = Record<string, string[]>;

/**
 * A real OpenID provider (panva/oidc-provider) on a loopback port with one confidential client.
 * Sign-in uses its built-in interaction pages (login form, consent form), driven by `signInAt`.
 */
export async function startIdp(accounts: Accounts, client: { id: string; secret: string; redirectUri: string }): Promise<TestIdp> {
  let handler: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => res.end();
  const server = createServer((req, res) => handler(req, res));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const provider = new Provider(issuer, {
    clients: [{ client_id: client.id, client_secret: client.secret, redirect_uris: [client.redirectUri], grant_types: ['authorization_code'], response_types: ['code'] }],
    claims: { openid: ['sub'], groups: ['groups'], email: ['email'], profile: ['preferred_username'] },
    pkce: { required: () => true },
    cookies: { keys: ['test-idp-cookie-key-0123456789abcdef'] },
    ttl: { Interaction: 600, Session: 3600, Grant: 3600, AccessToken: 600, IdToken: 600, AuthorizationCode: 60 },
    findAccount: (_ctx, sub) =>
      accounts[sub] ? { accountId: sub, claims: () => ({ sub, groups: accounts[sub], email: `${sub}@example.test`, preferred_username: sub }) } : undefined,
  });
  handler = provider.callback();
  return {
    issuer,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

interface Hop {
  status: number;
  location?: string;
  setCookie: string[];
  body: string;
}

function hop(url: URL, method: string, cookies: string, body?: string): Promise<Hop> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = {};
    if (cookies) headers.cookie = cookies;
    if (body !== undefined) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      headers['content-length'] = String(Buffer.byteLength(body));
    }
    const req = request(url, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, location: res.headers.location, setCookie: res.headers['set-cookie'] ?? [], body: Buffer.concat(chunks).toString('utf8') }),
      );
    });
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * Plays the browser through the provider's login and consent pages: starts at `loginUrl`
 * (our `/api/auth/oidc/login`), submits the forms as `username`, and stops at the first
 * redirect back to `callbackPrefix`, returning that URL. Cookies are kept per origin.
 */
export async function signInAt(loginUrl: string, username: string, callbackPrefix: string, jar: Map<string, Map<string, string>>): Promise<string> {
  let url = new URL(loginUrl);
  let method = 'GET';
  let body: string | undefined;
  for (let i = 0; i < 20; i++) {
    const cookies = jar.get(url.origin) ?? new Map<string, string>();
    jar.set(url.origin, cookies);
    const r = await hop(url, method, [...cookies].map(([k, v]) => `${k}=${v}`).join('; '), body);
    for (const c of r.setCookie) {
      const [pair] = c.split(';');
      const eq = (pair ?? '').indexOf('=');
      cookies.set((pair ?? '').slice(0, eq), (pair ?? '').slice(eq + 1));
    }
    if (r.location) {
      const next = new URL(r.location, url);
      if (next.href.startsWith(callbackPrefix)) return next.href;
      url = next;
      method = 'GET';
      body = undefined;
      continue;
    }
    const form = /<form[^>]*action="([^"]+)"[^>]*method="post"/i.exec(r.body);
    if (r.status !== 200 || !form?.[1]) throw new Error(`unexpected answer from the provider: ${r.status} ${r.body.slice(0, 300)}`);
    const fields = new URLSearchParams();
    for (const m of r.body.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)) fields.set(m[1] ?? '', m[2] ?? '');
    if (fields.get('prompt') === 'login') {
      fields.set('login', username);
      fields.set('password', 'any');
    }
    url = new URL(form[1].replace(/&amp;/g, '&'), url);
    method = 'POST';
    body = fields.toString();
  }
  throw new Error('too many hops during OpenID sign-in');
}
