import { SITES_PATH, type SiteList } from '../../lib/api/sites';
import type { BackendModule } from '../context';
import { HttpStatusError, sendJson } from '../http/status';

/** `GET SITES_PATH` → `SiteList`: every site and its health, for a signed-in user. */
export const siteModule: BackendModule = {
  name: 'sites',
  setup: () => ({
    routes: [
      {
        method: 'GET',
        path: SITES_PATH,
        handle: async (req, res, _u, ctx) => {
          if (!(await ctx.auth.principal(req)))
            throw new HttpStatusError(401, 'Unauthorized', 'sign in first');
          const list: SiteList = { items: ctx.registry.statuses() };
          sendJson(res, 200, list);
        },
      },
    ],
  }),
};
