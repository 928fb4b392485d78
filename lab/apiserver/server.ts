import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { LabTokens } from '../auth/identities';
import type { ObjectStore } from '../store/object-store';
import { StatusError } from '../store/status-error';
import { identify, unauthorized } from './authz';
import type { ApiContext } from './context';
import type { ApiExtensions } from './extensions';
import { requestInfo } from './request-info';
import { route } from './router';
import { handleKubevirtUpgrade, refuseUpgrade } from './subresources';
import { SUBRESOURCE_GROUP } from '../kinds/registry';

/** WAN conditions simulated in front of a site's API server. */
export interface Faults {
  latencyMs?: number;
  jitterMs?: number;
  lossPercent?: number;
  partition?: boolean;
}

export interface ApiServerOptions {
  name: string;
  store: ObjectStore;
  tokens: LabTokens;
  /** Serving pair; `clientCa` verifies client certificates (x509 authentication). */
  tls: { key: string; cert: string; clientCa?: string };
  host: string;
  port?: number;
  extensions: () => ApiExtensions;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** One site's HTTPS Kubernetes API server. It can be restarted on the same port. */
export class ApiServer {
  private server: Server | undefined;
  private port: number;
  private readonly sockets = new Set<Socket>();
  private faults: Faults = {};
  private requestCount = 0;
  readonly ctx: ApiContext;

  constructor(private readonly opts: ApiServerOptions) {
    this.port = opts.port ?? 0;
    this.ctx = {
      name: opts.name, store: opts.store, tokens: opts.tokens, extensions: opts.extensions,
      minWatchRV: 0, watchers: new Map(), address: () => `${opts.host}:${this.port}`,
      wanDelay: () => (this.faults.latencyMs ?? 0) + (this.faults.jitterMs ? Math.random() * this.faults.jitterMs : 0),
    };
  }

  get url(): string {
    return `https://${this.opts.host}:${this.port}`;
  }

  /** Listens (on the same port after the first start). The watch window starts at the current revision. */
  async start(): Promise<void> {
    const { key, cert, clientCa } = this.opts.tls;
    // A client certificate is asked for, never required: tokens work without one (as upstream).
    const server = createServer({ key, cert, keepAliveTimeout: 65_000, ...(clientCa ? { ca: clientCa, requestCert: true, rejectUnauthorized: false } : {}) });
    server.on('request', (req, res) => {
      this.requestCount++;
      void this.onRequest(req, res);
    });
    server.on('upgrade', (req, socket, head) => {
      this.requestCount++;
      void this.onUpgrade(req, socket, head);
    });
    server.on('connection', (s: Socket) => {
      if (this.faults.partition) s.destroy();
      else this.track(s);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, this.opts.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    const addr = server.address();
    if (addr && typeof addr === 'object') this.port = addr.port;
    this.ctx.minWatchRV = Number(this.opts.store.resourceVersion());
    this.server = server;
  }

  /** Ends open watches (clients see a normal end of stream) and closes every connection. */
  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    for (const res of [...this.ctx.watchers.keys()]) res.end();
    this.ctx.watchers.clear();
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
    await closed;
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  setFaults(f: Faults): void {
    this.faults = { ...f };
    if (f.partition) for (const s of this.sockets) s.destroy();
  }

  /** Requests (and upgrades) received since the lab started, for the admin API. */
  requests(): number {
    return this.requestCount;
  }

  /** Open watches per resource (`group/resource`), for the admin API. */
  watchCounts(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const what of this.ctx.watchers.values()) counts[what] = (counts[what] ?? 0) + 1;
    return counts;
  }

  getFaults(): Faults {
    return { ...this.faults };
  }

  private track(s: Socket): void {
    this.sockets.add(s);
    s.on('close', () => this.sockets.delete(s));
  }

  /** Applies partition, loss and latency; returns false when the request was dropped. */
  private async wan(socket: Duplex): Promise<boolean> {
    const f = this.faults;
    if (f.partition || (f.lossPercent && Math.random() * 100 < f.lossPercent)) {
      socket.destroy();
      return false;
    }
    const delay = this.ctx.wanDelay();
    if (delay > 0) await sleep(delay);
    if (this.faults.partition) {
      socket.destroy();
      return false;
    }
    return true;
  }

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!(await this.wan(req.socket))) return;
    await route(this.ctx, req, res);
  }

  private async onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    if (!(await this.wan(socket))) return;
    try {
      const url = new URL(req.url ?? '/', 'https://lab');
      const user = identify(this.ctx, req);
      if (!user) throw unauthorized();
      const info = requestInfo(req.method ?? 'GET', url.pathname, url.searchParams);
      if (!info.isResource || info.group !== SUBRESOURCE_GROUP) throw new StatusError(400, 'BadRequest', 'websocket upgrade is only served for subresources.kubevirt.io');
      handleKubevirtUpgrade(this.ctx, info, req, socket, head, user, url.searchParams);
    } catch (err) {
      const se = err instanceof StatusError ? err : new StatusError(500, 'InternalError', String(err));
      refuseUpgrade(socket, se);
    }
  }
}
