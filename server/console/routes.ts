/**
 * The console backend module: serial hub (websocket and buffer download), console probes, the
 * RTT ping, embed links and their upgrade authenticator. Registered in server/routes/index.ts.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { CONSOLE_PING_PREFIX, CONSOLE_PROBE_PREFIX, CURRENT_EMBED_LINK_PATH, EMBED_LINKS_PATH, REVOKE_EMBED_LINK_PATH, parseSerialPath, type ConsoleKind, type ConsolePing } from '../../lib/api/console';
import { apiPath } from '../../lib/k8s/api-path';
import { VMI_GVR, vmiConsolePath, type VirtualMachineInstance } from '../../lib/k8s/resources/virtual-machine-instance';
import type { Principal } from '../auth/types';
import type { BackendModule, Route, ServerContext } from '../context';
import { HttpStatusError, sendJson } from '../http/status';
import { dialSiteSocket } from '../sites/dial-site-socket';
import { vmiSocketRoute, type BridgeSet } from './vmi-socket-route';
import { consoleAccess, consolePrincipal, requireTarget } from './console-principal';
import { embedAuthenticator, embedClaimsOf } from './embed-auth';
import { currentEmbedLink, mintEmbedLink, revokeEmbedLink } from './embed-links';
import { kubeCall, requireAccess } from '../sites/kube-call';
import { probeConsole } from './probe';
import { SerialHub } from './serial-hub';
import { serialHubRoute } from './serial-route';

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

/**
 * Builds the console module (one serial hub per server process): the VMI websocket bridge,
 * the serial hub, probes, the RTT ping and embed links. `bridges` collects open bridges.
 */
export function consoleModule(bridges: BridgeSet = new Set()): BackendModule {
  return {
    name: 'console',
    setup(ctx: ServerContext) {
      // Embed links are signed with a key every replica derives from the shared session secret.
      const secret = ctx.auth.derivedKey('embed-links');
      const hub = new SerialHub<Principal>({
        dial: (vm, who) => dialSiteSocket(ctx, who, vm.site, vmiConsolePath(vm.namespace, vm.name, 'console')),
        authorize: (vm, who) => requireAccess(ctx, who, vm.site, consoleAccess('serial', vm.namespace, vm.name)),
        userOf: (who) => who.user.username,
        expiresAt: (who) => who.expiresAt,
        stillRunning: async (vm, who) => {
          const got = await kubeCall(ctx, who, vm.site, 'GET', apiPath(VMI_GVR, { namespace: vm.namespace, name: vm.name }));
          return got.status === 200 && (got.body as VirtualMachineInstance).status?.phase === 'Running';
        },
        bufferBytes: ctx.limits.serialBufferBytes,
        lingerMs: ctx.limits.serialLingerMs,
        pingIntervalMs: ctx.limits.wsPingIntervalMs,
      });
      const removers = [
        ctx.upgrades.register(vmiSocketRoute(bridges)),
        ctx.upgrades.register(serialHubRoute(hub)),
        ctx.auth.registerUpgradeAuthenticator(embedAuthenticator(secret, { trustProxy: ctx.trustProxy, publicOrigins: ctx.publicOrigins, revocations: ctx.auth.revocations })),
      ];
      const routes: Route[] = [
        { method: 'POST', path: EMBED_LINKS_PATH, handle: (req, res, url) => mintEmbedLink(req, res, url, ctx, secret) },
        { method: 'GET', path: CURRENT_EMBED_LINK_PATH, handle: (req, res, url) => currentEmbedLink(req, res, url, ctx, secret) },
        { method: 'POST', path: REVOKE_EMBED_LINK_PATH, handle: (req, res) => revokeEmbedLink(req, res, ctx, secret) },
        { method: 'GET', path: (p) => p.startsWith(CONSOLE_PROBE_PREFIX), name: `${CONSOLE_PROBE_PREFIX}…`, handle: (req, res, url) => probeRoute(req, res, url, ctx, secret) },
        { method: 'GET', path: (p) => p.startsWith(CONSOLE_PING_PREFIX), name: `${CONSOLE_PING_PREFIX}…`, handle: (req, res, url) => pingRoute(req, res, url, ctx, secret) },
        {
          method: 'GET',
          path: (p) => parseSerialPath(p)?.buffer === true,
          name: 'serial-buffer',
          handle: (req, res, url) => bufferRoute(req, res, url, ctx, secret, hub),
        },
      ];
      return {
        routes,
        close: () => {
          for (const r of removers) r();
          hub.close();
          for (const b of bridges) b.close(1001, 'server shutting down');
        },
      };
    },
  };
}

async function probeRoute(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  ctx: ServerContext,
  secret: Buffer,
): Promise<void> {
  const [kind, site, namespace, name] = segments(url.pathname, CONSOLE_PROBE_PREFIX, 4) as [
    string,
    string,
    string,
    string,
  ];
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

async function pingRoute(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  ctx: ServerContext,
  secret: Buffer,
): Promise<void> {
  const [site] = segments(url.pathname, CONSOLE_PING_PREFIX, 1) as [string];
  const principal = await consolePrincipal(req, url, ctx, secret);
  // An embed link measures the way to its own VM's site only.
  const link = embedClaimsOf(principal);
  if (link && link.site !== site) throw new HttpStatusError(403, 'Forbidden', 'this link does not grant access to that site');
  const t0 = performance.now();
  const r = await kubeCall(ctx, principal, site, 'GET', '/version', undefined, 5_000);
  const ping: ConsolePing = {
    site,
    upstreamMs: Math.round(performance.now() - t0),
    upstreamStatus: r.status,
  };
  sendJson(res, r.status === 200 ? 200 : 502, ping);
}

async function bufferRoute(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  ctx: ServerContext,
  secret: Buffer,
  hub: SerialHub<Principal>,
): Promise<void> {
  const vm = parseSerialPath(url.pathname);
  if (!vm) throw new HttpStatusError(404, 'NotFound', 'no such console route');
  const principal = await consolePrincipal(req, url, ctx, secret);
  requireTarget(principal, { ...vm, kind: 'serial-hub' });
  const ref = { site: vm.site, namespace: vm.namespace, name: vm.name };
  const data = await hub.buffer(ref, principal);
  if (!data)
    throw new HttpStatusError(
      404,
      'NotFound',
      'no serial output is buffered for this VM: open its serial console first',
    );
  const filename = `${vm.name.replace(/[^A-Za-z0-9._-]/g, '_')}-serial.log`;
  res.writeHead(200, {
    'content-type': 'text/plain; charset=utf-8',
    'content-length': data.length,
    'content-disposition': `attachment; filename="${filename}"`,
    'cache-control': 'no-store',
  });
  res.end(data);
}
