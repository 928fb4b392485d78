import type { SiteContext, SiteControllers } from '../apiserver/extensions';

/**
 * Starts the KubeVirt, CDI and scheduler behaviour of one site. The site's API server calls
 * this once at start and routes subresource, pod-proxy and admission calls to the result.
 */
export function startControllers(ctx: SiteContext): SiteControllers {
  void ctx;
  return { extensions: {}, stop: async () => {} };
}
