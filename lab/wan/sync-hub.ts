import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Guest } from '../guest/types';
import { LinkTable } from './links';
import { startShaper, type Shaper } from './shaper';

/** A message from a source site's synchronization controller to the receiving site's. */
export interface SyncMessage {
  kind: 'offer' | 'result' | 'ping';
  sourceSite: string;
  namespace?: string;
  vmiName?: string;
  memoryBytes?: number;
  ok?: boolean;
  reason?: string;
}

export interface SyncReply {
  status: number;
  body: Record<string, unknown>;
}

/** What a site's synchronization controller answers. */
export type SyncHandler = (migrationId: string, msg: SyncMessage) => SyncReply;

interface Endpoint {
  site: string;
  address: string;
  server: Server;
}

function readJson(req: IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      try {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve(text ? JSON.parse(text) : {});
      } catch (err) {
        reject(err instanceof Error ? err : new Error(String(err)));
      }
    });
    req.on('error', reject);
  });
}

function reply(res: ServerResponse, r: SyncReply): void {
  const text = JSON.stringify(r.body);
  res.writeHead(r.status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

/**
 * The lab's WAN between sites: every site's synchronization endpoint (a real HTTP server, as
 * virt-synchronization-controller is), the per-link faults, and a shaper per link that traffic
 * from one site to another passes. Memory pages are the one thing that does not cross a socket
 * when no QEMU runs: the built-in guest object is handed over by migration ID at the end.
 */
export class SyncHub {
  readonly links = new LinkTable();
  private readonly endpoints = new Map<string, Endpoint>();
  private readonly shapers = new Map<string, Promise<Shaper>>();
  private readonly handoffs = new Map<string, Guest>();

  /** Starts a site's synchronization endpoint; returns its address (`host:port`). */
  async listen(site: string, host: string, handle: SyncHandler): Promise<string> {
    const server = createServer((req, res) => {
      const m = /^\/v1\/migrations\/([^/]+)$/.exec(req.url ?? '');
      if (req.method !== 'POST' || !m) return reply(res, { status: 404, body: { reason: 'not found' } });
      readJson(req).then(
        (msg) => reply(res, handle(decodeURIComponent(m[1]!), msg as SyncMessage)),
        () => reply(res, { status: 400, body: { reason: 'body must be JSON' } }),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, host, resolve));
    const addr = server.address();
    const address = `${host}:${typeof addr === 'object' && addr ? addr.port : 0}`;
    this.endpoints.set(address, { site, address, server });
    return address;
  }

  /** The site behind a synchronization address, or undefined when nothing listens there. */
  siteAt(address: string): string | undefined {
    return this.endpoints.get(address)?.site;
  }

  /** A port on loopback that reaches `host:port` through the link between `from` and `to`. */
  async via(from: string, to: string, host: string, port: number): Promise<number> {
    const key = `${from}>${host}:${port}`;
    let s = this.shapers.get(key);
    if (!s) {
      s = startShaper({ host, port }, () => this.links.get(from, to));
      this.shapers.set(key, s);
    }
    return (await s).port;
  }

  /** Sends a message to the synchronization address through the link; resolves with the reply. */
  async send(from: string, address: string, migrationId: string, msg: SyncMessage): Promise<SyncReply> {
    const to = this.siteAt(address);
    if (!to) throw new Error(`no synchronization endpoint answers at ${address}`);
    const [host, port] = [
      address.slice(0, address.lastIndexOf(':')),
      Number(address.slice(address.lastIndexOf(':') + 1)),
    ];
    const local = await this.via(from, to, host, port);
    const body = JSON.stringify(msg);
    return new Promise((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: local,
          method: 'POST',
          path: `/v1/migrations/${encodeURIComponent(migrationId)}`,
          headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) },
          timeout: 30_000,
        },
        (res) => {
          readJson(res).then(
            (b) => resolve({ status: res.statusCode ?? 0, body: b as Record<string, unknown> }),
            reject,
          );
        },
      );
      req.on('timeout', () =>
        req.destroy(new Error(`synchronization endpoint ${address} did not answer in 30 s`)),
      );
      req.on('error', reject);
      req.end(body);
    });
  }

  /** The source leaves the guest for the receiver under the migration ID. */
  handOff(migrationId: string, guest: Guest): void {
    this.handoffs.set(migrationId, guest);
  }

  take(migrationId: string): Guest | undefined {
    const g = this.handoffs.get(migrationId);
    this.handoffs.delete(migrationId);
    return g;
  }

  async close(site?: string): Promise<void> {
    for (const [address, e] of this.endpoints) {
      if (site && e.site !== site) continue;
      this.endpoints.delete(address);
      await new Promise<void>((resolve) => e.server.close(() => resolve()));
      e.server.closeAllConnections();
    }
    if (site) return;
    for (const s of this.shapers.values()) await (await s).close();
    this.shapers.clear();
  }
}
