import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Faults } from '../apiserver/server';
import type { LabSite } from '../site';
import { VmChurn, type ChurnOptions } from './vm-churn';
import { validLink, type LinkTable } from '../wan/links';

export interface AdminServerOptions {
  host: string;
  port?: number;
  sites: LabSite[];
  /** Requests must carry `Authorization: Bearer <admin token>`. */
  adminToken: string;
  kubeconfig: () => string;
  /** The WAN links between sites (per-link bandwidth, latency, jitter, loss). */
  links?: LinkTable;
}

function send(res: ServerResponse, code: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(code, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

async function json(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? JSON.parse(text) : {};
}

function validFaults(v: unknown): Faults {
  if (!v || typeof v !== 'object') throw new Error('body must be a JSON object');
  const f = v as Record<string, unknown>;
  const out: Faults = {};
  for (const k of ['latencyMs', 'jitterMs', 'lossPercent'] as const) {
    if (f[k] === undefined) continue;
    if (typeof f[k] !== 'number' || (f[k] as number) < 0)
      throw new Error(`${k} must be a non-negative number`);
    out[k] = f[k] as number;
  }
  if (f.partition !== undefined) out.partition = Boolean(f.partition);
  return out;
}

function validChurn(v: unknown): ChurnOptions {
  if (!v || typeof v !== 'object') throw new Error('body must be a JSON object');
  const b = v as Record<string, unknown>;
  if (typeof b.ratePerSecond !== 'number') throw new Error('ratePerSecond must be a number');
  if (b.sites !== undefined && (!Array.isArray(b.sites) || b.sites.some((x) => typeof x !== 'string')))
    throw new Error('sites must be a list of site names');
  if (b.namespace !== undefined && typeof b.namespace !== 'string')
    throw new Error('namespace must be a string');
  return {
    ratePerSecond: b.ratePerSecond,
    sites: b.sites as string[] | undefined,
    namespace: b.namespace as string | undefined,
  };
}

function siteView(s: LabSite) {
  return { name: s.name, url: s.url, faults: s.getFaults(), requests: s.requests() };
}

/**
 * The lab's admin API (plain HTTP on loopback): list sites, set WAN faults, restart a site's
 * API server, count open watches, churn VM statuses, fetch the kubeconfig. Routes are
 * documented in lab/README.md.
 */
export async function startAdminServer(
  o: AdminServerOptions,
): Promise<{ url: string; stop(): Promise<void> }> {
  const churn = new VmChurn(o.sites);
  const server: Server = createServer((req, res) => {
    void handle(o, churn, req, res).catch((err: unknown) =>
      send(res, 400, { error: err instanceof Error ? err.message : String(err) }),
    );
  });
  await new Promise<void>((resolve) => server.listen(o.port ?? 0, o.host, () => resolve()));
  const addr = server.address();
  const port = addr && typeof addr === 'object' ? addr.port : 0;
  return {
    url: `http://${o.host}:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        churn.stop();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function handle(
  o: AdminServerOptions,
  churn: VmChurn,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  if (req.headers.authorization !== `Bearer ${o.adminToken}`)
    return send(res, 401, { error: 'admin token required' });
  const url = new URL(req.url ?? '/', 'http://admin');
  const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
  if (req.method === 'GET' && url.pathname === '/sites')
    return send(res, 200, { sites: o.sites.map(siteView) });
  if (req.method === 'GET' && url.pathname === '/kubeconfig') {
    res.writeHead(200, { 'Content-Type': 'application/yaml' });
    res.end(o.kubeconfig());
    return;
  }
  if (req.method === 'GET' && url.pathname === '/watches')
    return send(res, 200, { sites: Object.fromEntries(o.sites.map((s) => [s.name, s.watchCounts()])) });
  if (url.pathname === '/churn') {
    if (req.method === 'GET') return send(res, 200, churn.view());
    if (req.method === 'PUT' || req.method === 'POST')
      return send(res, 200, churn.start(validChurn(await json(req))));
    if (req.method === 'DELETE') return send(res, 200, churn.stop());
  }
  if (parts[0] === 'links' && o.links) return links(o, o.links, req, res, parts);
  if (parts[0] !== 'sites' || !parts[1]) return send(res, 404, { error: 'not found' });
  const site = o.sites.find((s) => s.name === parts[1]);
  if (!site) return send(res, 404, { error: `no site ${parts[1]}` });
  if (parts.length === 2 && req.method === 'GET') return send(res, 200, siteView(site));
  if (parts[2] === 'watches' && req.method === 'GET')
    return send(res, 200, { site: site.name, watches: site.watchCounts() });
  if (parts[2] === 'faults' && (req.method === 'PUT' || req.method === 'POST')) {
    site.setFaults(validFaults(await json(req)));
    return send(res, 200, siteView(site));
  }
  if (parts[2] === 'faults' && req.method === 'DELETE') {
    site.setFaults({});
    return send(res, 200, siteView(site));
  }
  if (parts[2] === 'restart' && req.method === 'POST') {
    await site.restart();
    return send(res, 200, siteView(site));
  }
  return send(res, 404, { error: 'not found' });
}

/** `GET /links`, `GET|PUT|DELETE /links/{a}/{b}`: the link between two sites, both ways. */
async function links(
  o: AdminServerOptions,
  table: LinkTable,
  req: IncomingMessage,
  res: ServerResponse,
  parts: string[],
): Promise<void> {
  if (parts.length === 1 && req.method === 'GET') return send(res, 200, { links: table.list() });
  const [a, b] = [parts[1], parts[2]];
  if (parts.length !== 3 || !a || !b) return send(res, 404, { error: 'not found' });
  for (const n of [a, b])
    if (!o.sites.some((s) => s.name === n)) return send(res, 404, { error: `no site ${n}` });
  if (a === b) return send(res, 400, { error: 'a link joins two different sites' });
  const view = () => ({ sites: [a, b], link: table.get(a, b) });
  if (req.method === 'GET') return send(res, 200, view());
  if (req.method === 'PUT' || req.method === 'POST') {
    table.set(a, b, validLink(await json(req)));
    return send(res, 200, view());
  }
  if (req.method === 'DELETE') {
    table.clear(a, b);
    return send(res, 200, view());
  }
  return send(res, 404, { error: 'not found' });
}
