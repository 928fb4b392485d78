import { stringify } from 'yaml';
import { SITE_EXTENSION } from '../../lib/api/sites';
import type { LabTokens } from '../auth/identities';
import { labPlacements } from '../demo/placement';
import type { TlsPair } from '../tls/ca';

/** A kubeconfig with one cluster and context per site and one user per lab identity. */
export function buildKubeconfig(
  sites: { name: string; url: string }[],
  caPem: string,
  tokens: LabTokens,
  namespace = 'default',
): string {
  const ca = Buffer.from(caPem).toString('base64');
  const placements = labPlacements(sites.map((s) => s.name));
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
    contexts: sites.map((s) => ({
      name: s.name,
      context: {
        cluster: s.name,
        user: 'admin',
        namespace,
        extensions: [{ name: SITE_EXTENSION, extension: placements.get(s.name) }],
      },
    })),
    'current-context': sites[0]?.name ?? '',
  });
}

/**
 * A kubeconfig as k3s and kubeadm write them: the user authenticates with a client certificate
 * (CN user, O groups) signed by the lab's CA, one context per site.
 */
export function buildCertificateKubeconfig(
  sites: { name: string; url: string }[],
  caPem: string,
  user: string,
  pair: TlsPair,
  namespace = 'default',
): string {
  const b64 = (s: string) => Buffer.from(s).toString('base64');
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    preferences: {},
    clusters: sites.map((s) => ({
      name: s.name,
      cluster: { server: s.url, 'certificate-authority-data': b64(caPem) },
    })),
    users: [
      { name: user, user: { 'client-certificate-data': b64(pair.cert), 'client-key-data': b64(pair.key) } },
    ],
    contexts: sites.map((s) => ({ name: s.name, context: { cluster: s.name, user, namespace } })),
    'current-context': sites[0]?.name ?? '',
  });
}
