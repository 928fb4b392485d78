import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SiteStatus } from '../clusters/probe';
import type { BackendModule, ServerContext } from '../context';
import { HttpStatusError, sendJson } from '../http/status';

async function requireSession(req: IncomingMessage, ctx: ServerContext): Promise<void> {
  if (!(await ctx.auth.principal(req))) throw new HttpStatusError(401, 'Unauthorized', 'sign in first');
}

/** GET /api/clusters → `{ items: SiteStatus[] }`. */
async function listClusters(req: IncomingMessage, res: ServerResponse, ctx: ServerContext): Promise<void> {
  await requireSession(req, ctx);
  sendJson(res, 200, { items: ctx.registry.statuses() });
}

/**
 * GET /api/clusters/stream: Server-Sent Events, `event: clusters` with `{ items }` at once, on
 * every status change and every `refreshMs` (fresh RTTs; doubles as a keepalive through proxies).
 */
async function streamClusters(req: IncomingMessage, res: ServerResponse, ctx: ServerContext, refreshMs: number): Promise<void> {
  await requireSession(req, ctx);
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    'x-accel-buffering': 'no',
  });
  res.socket?.setNoDelay(true);
  const send = (items: SiteStatus[]) => res.write(`event: clusters\ndata: ${JSON.stringify({ items })}\n\n`);
  send(ctx.registry.statuses());
  const onChange = (items: SiteStatus[]) => send(items);
  ctx.registry.on('change', onChange);
  const timer = setInterval(() => send(ctx.registry.statuses()), refreshMs);
  await new Promise<void>((resolve) =>
    res.on('close', () => {
      clearInterval(timer);
      ctx.registry.off('change', onChange);
      resolve();
    }),
  );
}

/** Site list and live site status. */
export function clusterModule(refreshMs = 10_000): BackendModule {
  return {
    name: 'clusters',
    setup: () => ({
      routes: [
        { method: 'GET', path: '/api/clusters', handle: (req, res, _u, ctx) => listClusters(req, res, ctx) },
        { method: 'GET', path: '/api/clusters/stream', handle: (req, res, _u, ctx) => streamClusters(req, res, ctx, refreshMs) },
      ],
    }),
  };
}
