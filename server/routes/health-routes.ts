import type { BackendModule } from '../context';
import { sendJson } from '../http/status';

/** `/healthz` (process up) and `/readyz` (at least one site reachable). No sign-in needed. */
export const healthModule: BackendModule = {
  name: 'health',
  setup: () => ({
    routes: [
      {
        method: ['GET', 'HEAD'],
        path: '/healthz',
        handle: (_req, res) => sendJson(res, 200, { status: 'ok' }),
      },
      {
        method: ['GET', 'HEAD'],
        path: '/readyz',
        handle: (_req, res, _url, ctx) => {
          const statuses = ctx.registry.statuses();
          const reachable = statuses.filter((s) => s.status === 'healthy' || s.status === 'degraded').length;
          sendJson(res, reachable > 0 ? 200 : 503, {
            ready: reachable > 0,
            reachableSites: reachable,
            sites: statuses.length,
          });
        },
      },
    ],
  }),
};
