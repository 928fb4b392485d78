import { stringify } from 'yaml';
import type { LabTokens } from '../auth/identities';

/** A kubeconfig with one cluster and context per site and one user per lab identity. */
export function buildKubeconfig(
  sites: { name: string; url: string }[],
  caPem: string,
  tokens: LabTokens,
  namespace = 'default',
): string {
  const ca = Buffer.from(caPem).toString('base64');
  const users = (['admin', 'operator', 'viewer', 'console'] as const).map((u) => ({
    name: u,
    user: { token: tokens[u] },
  }));
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    preferences: {},
    clusters: sites.map((s) => ({
      name: s.name,
      cluster: { server: s.url, 'certificate-authority-data': ca },
    })),
    users,
    contexts: sites.map((s) => ({ name: s.name, context: { cluster: s.name, user: 'admin', namespace } })),
    'current-context': sites[0]?.name ?? '',
  });
}
