/**
 * The console backend module: serial hub (websocket and buffer download), console probes, the
 * RTT ping, embed links and their upgrade authenticator. Registered in server/routes/index.ts.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { CONSOLE_PING_PREFIX, CONSOLE_PROBE_PREFIX, CURRENT_EMBED_LINK_PATH, EMBED_LINKS_PATH, parseSerialPath, type ConsoleKind, type ConsolePing } from '../../lib/api/console';
import { vmiConsolePath } from '../../lib/k8s/resources/virtual-machine-instance';
import type { Principal } from '../auth/types';
import type { BackendModule, Route, ServerContext } from '../context';
import { HttpStatusError, sendJson } from '../http/status';
import { dialSiteSocket, type BridgeSet } from '../ws-bridge/vmi-socket-route';
import { consolePrincipal, requireTarget } from './console-principal';
import { embedAuthenticator } from './embed-auth';
import { currentEmbedLink, mintEmbedLink } from './embed-links';
import { consoleAccess, kubeCall, requireAccess } from './kube-call';
import { probeConsole } from './probe';
import { SerialHub, DEFAULT_SERIAL_BUFFER_BYTES, DEFAULT_SERIAL_LINGER_MS } from './serial-hub';
import { serialHubRoute } from './serial-route';
import { vncViewOnlyRoute, type ViewOnlySet } from './vnc-view-only-route';

export interface ConsoleModuleOptions {
  /**
   * Key for embed links; every replica must share it. Default: the session secret as the server
   * takes it (`--session-secret` or EDGEVIRT_SESSION_SECRET), else random per process (local mode).
   */
  secret?: string;
  serialBufferBytes?: number;
  serialLingerMs?: number;
}

function segments(pathname: string, prefix: string, count: number): string[] {
  const parts = pathname.slice(prefix.length).split('/');
  if (parts.length !== count) throw new HttpStatusError(404, 'NotFound', 'no such console route');
  try {
    const decoded = parts.map((p) => decodeURIComponent(p));
    if (decoded.some((p) => !p || p.includes('/') || p === '..')) throw new Error('bad segment');
    return decoded;
  } catch {
    throw new HttpStatusError(400, 'BadRequest', 'malformed console path');
  }
}

/** The session secret from the same flag and variable server/config/flags.ts reads. */
function sessionSecretFromProcess(): string | undefined {
  const argv = process.argv;
  const i = argv.indexOf('--session-secret');
  if (i >= 0 && argv[i + 1]) return argv[i + 1];
  const inline = argv.find((a) => a.startsWith('--session-secret='));
  return inline?.slice('--session-secret='.length) || process.env.EDGEVIRT_SESSION_SECRET || undefined;
}

function envNumber(name: string): number | undefined {
  const v = Number(process.env[name]);
  return Number.isFinite(v) && v > 0 ? v : undefined;
}

/** Builds the console module (one serial hub per server process). */
export function consoleModule(opts: ConsoleModuleOptions = {}): BackendModule {
  const secret = opts.secret ?? sessionSecretFromProcess() ?? randomBytes(32);
  return {
    name: 'console',
    setup(ctx: ServerContext) {
      const hub = new SerialHub<Principal>({
        dial: (vm, who) => dialSiteSocket(ctx, who, vm.site, vmiConsolePath(vm.namespace, vm.name, 'console')),
        authorize: (vm, who) => requireAccess(ctx, who, vm.site, consoleAccess('serial', vm.namespace, vm.name)),
        bufferBytes: opts.serialBufferBytes ?? envNumber('EDGEVIRT_SERIAL_BUFFER_BYTES') ?? DEFAULT_SERIAL_BUFFER_BYTES,
        lingerMs: opts.serialLingerMs ?? envNumber('EDGEVIRT_SERIAL_LINGER_MS') ?? DEFAULT_SERIAL_LINGER_MS,
        pingIntervalMs: ctx.limits.wsPingIntervalMs,
      });
      const bridges: BridgeSet = new Set();
      const viewOnly: ViewOnlySet = new Set();
      const removers = [
        ctx.upgrades.register(serialHubRoute(hub)),
        // Before the generic bridge: view-only embed links get the RFB input filter.
        ctx.upgrades.register(vncViewOnlyRoute(bridges, viewOnly), { first: true }),
        ctx.auth.registerUpgradeAuthenticator(embedAuthenticator(secret, { trustProxy: ctx.trustProxy, publicOrigins: ctx.publicOrigins })),
      ];
      const routes: Route[] = [
        { method: 'POST', path: EMBED_LINKS_PATH, handle: (req, res, url) => mintEmbedLink(req, res, url, ctx, secret) },
        { method: 'GET', path: CURRENT_EMBED_LINK_PATH, handle: (req, res, url) => currentEmbedLink(req, res, url, ctx, secret) },
        { method: 'GET', path: (p) => p.startsWith(CONSOLE_PROBE_PREFIX), handle: (req, res, url) => probeRoute(req, res, url, ctx, secret) },
        { method: 'GET', path: (p) => p.startsWith(CONSOLE_PING_PREFIX), handle: (req, res, url) => pingRoute(req, res, url, ctx, secret) },
        {
          method: 'GET',
          path: (p) => parseSerialPath(p)?.buffer === true,
          handle: (req, res, url) => bufferRoute(req, res, url, ctx, secret, hub),
        },
      ];
      return {
        routes,
        close: () => {
          for (const r of removers) r();
          hub.close();
          for (const b of bridges) b.close(1001, 'server shutting down');
          for (const end of viewOnly) end();
        },
      };
    },
  };
}

async function probeRoute(req: IncomingMessage, res: ServerResponse, url: URL, ctx: ServerContext, secret: string | Buffer): Promise<void> {
  const [kind, site, namespace, name] = segments(url.pathname, CONSOLE_PROBE_PREFIX, 4) as [string, string, string, string];
  if (kind !== 'vnc' && kind !== 'serial') throw new HttpStatusError(404, 'NotFound', 'no such console kind');
  let principal: Principal;
  try {
    principal = await consolePrincipal(req, url, ctx, secret);
    requireTarget(principal, { site, namespace, name, kind });
  } catch (err) {
    const e = err as HttpStatusError;
    const status = e.code === 401 ? (e.reason === 'Expired' ? 'expired' : 'unauthorized') : 'forbidden';
    sendJson(res, 200, { status, message: e.message });
    return;
  }
  sendJson(res, 200, await probeConsole(ctx, principal, { site, namespace, name }, kind as ConsoleKind));
}

async function pingRoute(req: IncomingMessage, res: ServerResponse, url: URL, ctx: ServerContext, secret: string | Buffer): Promise<void> {
  const [site] = segments(url.pathname, CONSOLE_PING_PREFIX, 1) as [string];
  const principal = await consolePrincipal(req, url, ctx, secret);
  const t0 = performance.now();
  const r = await kubeCall(ctx, principal, site, 'GET', '/version', undefined, 5_000);
  const ping: ConsolePing = { site, upstreamMs: Math.round(performance.now() - t0), upstreamStatus: r.status };
  sendJson(res, r.status === 200 ? 200 : 502, ping);
}

async function bufferRoute(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  ctx: ServerContext,
  secret: string | Buffer,
  hub: SerialHub<Principal>,
): Promise<void> {
  const vm = parseSerialPath(url.pathname);
  if (!vm) throw new HttpStatusError(404, 'NotFound', 'no such console route');
  const principal = await consolePrincipal(req, url, ctx, secret);
  requireTarget(principal, { ...vm, kind: 'serial-hub' });
  const ref = { site: vm.site, namespace: vm.namespace, name: vm.name };
  const data = await hub.buffer(ref, principal);
  if (!data) throw new HttpStatusError(404, 'NotFound', 'no serial output is buffered for this VM: open its serial console first');
  const filename = `${vm.name.replace(/[^A-Za-z0-9._-]/g, '_')}-serial.log`;
  res.writeHead(200, {
    'content-type': 'text/plain; charset=utf-8',
    'content-length': data.length,
    'content-disposition': `attachment; filename="${filename}"`,
    'cache-control': 'no-store',
  });
  res.end(data);
}
