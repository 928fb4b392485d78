/**
 * Every in-app link is built here (DESIGN convention 3): segments are percent-encoded so names
 * cannot break paths.
 */
import type { ConsoleKind } from './api/console';

const enc = encodeURIComponent;

function withQuery(path: string, params: Record<string, string | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) q.set(k, v);
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}

export const routes = {
  home: () => '/',
  /** VM list; `site` narrows it to one site, other filters go through the list's URL state. */
  vms: (site?: string) => withQuery('/vms', { site }),
  /** The VM list narrowed to one site's VMs in some printable statuses (the overview's counts). */
  vmsInStatus: (site: string, statuses: string[]) => withQuery('/vms', { site, status: statuses.join(',') }),
  /** The VM list narrowed to one node (its free-text filter matches the node column). */
  vmsOnNode: (site: string, node: string) => withQuery('/vms', { site, q: node }),
  /** The VM list narrowed to VMs whose network stops them from live-migrating. */
  vmsNetBlocked: () => withQuery('/vms', { net: 'blocked' }),
  vmDetails: (site: string, namespace: string, name: string, tab?: string) =>
    `/vms/${enc(site)}/${enc(namespace)}/${enc(name)}${tab ? `/${enc(tab)}` : ''}`,
  vmNew: (site?: string, namespace?: string) => withQuery('/vms/new', { site, namespace }),
  vmConsole: (site: string, namespace: string, name: string, kind: ConsoleKind) =>
    `/console/${enc(site)}/${enc(namespace)}/${enc(name)}/${enc(kind)}`,
  /** DataVolumes page; `site` narrows it to one site, other filters go through its URL state. */
  dataVolumes: (site?: string) => withQuery('/datavolumes', { site }),
  /** The import wizard. */
  dataVolumeNew: (site?: string, namespace?: string) => withQuery('/datavolumes/new', { site, namespace }),
  /** The import wizard holding a copy of another site's DataVolume (its source, size, modes). */
  dataVolumeCopy: (site: string, namespace: string, from: { site: string; namespace: string; name: string }) =>
    withQuery('/datavolumes/new', {
      site,
      namespace,
      fromSite: from.site,
      fromNamespace: from.namespace,
      fromName: from.name,
    }),
  dataVolumeDetails: (site: string, namespace: string, name: string) =>
    `/datavolumes/${enc(site)}/${enc(namespace)}/${enc(name)}`,
  networks: () => '/networks',
  migrations: (node?: string, site?: string) => withQuery('/migrations', { node, site }),
  /** MigrationPolicies of every site, with the VMs each applies to. */
  migrationPolicies: () => '/migrations/policies',
  nodes: () => '/nodes',
  /** The NOC wall; a display link's screen carries its token. */
  noc: (display?: string, lang?: string) => withQuery('/noc', { display, lang }),
} as const;

/** Named exports for the three links other features build most. */
export const vmDetails = routes.vmDetails;
export const vmNew = routes.vmNew;
export const vmConsole = routes.vmConsole;
