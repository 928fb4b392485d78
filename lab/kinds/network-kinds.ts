import type { KubeObject } from '../store/types';
import { ageCol, col, nameCol } from './columns';
import { ALL_VERBS, type KindDef } from './types';

function hosts(o: KubeObject): string {
  const rules = (o.spec?.rules ?? []) as { host?: string }[];
  return rules.map((r) => r.host ?? '*').join(',') || '*';
}

function podSelector(o: KubeObject): string {
  const labels =
    (o.spec?.podSelector as { matchLabels?: Record<string, string> } | undefined)?.matchLabels ?? {};
  const text = Object.entries(labels)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
  return text || '<none>';
}

/** networking.k8s.io kinds of kube-apiserver the lab serves (stored and validated; no data plane). */
export const NETWORK_KINDS: KindDef[] = [
  {
    group: 'networking.k8s.io',
    versions: ['v1'],
    resource: 'networkpolicies',
    singular: 'networkpolicy',
    kind: 'NetworkPolicy',
    model: 'V1NetworkPolicy',
    namespaced: true,
    shortNames: ['netpol'],
    builtin: true,
    verbs: ALL_VERBS,
    columns: [nameCol, col('Pod-Selector', podSelector), ageCol],
  },
  {
    group: 'networking.k8s.io',
    versions: ['v1'],
    resource: 'ingresses',
    singular: 'ingress',
    kind: 'Ingress',
    model: 'V1Ingress',
    namespaced: true,
    shortNames: ['ing'],
    status: true,
    builtin: true,
    verbs: ALL_VERBS,
    columns: [
      nameCol,
      col('Class', (o) => o.spec?.ingressClassName ?? '<none>'),
      col('Hosts', hosts),
      ageCol,
    ],
  },
  {
    group: 'networking.k8s.io',
    versions: ['v1'],
    resource: 'ingressclasses',
    singular: 'ingressclass',
    kind: 'IngressClass',
    model: 'V1IngressClass',
    namespaced: false,
    builtin: true,
    verbs: ALL_VERBS,
    columns: [nameCol, col('Controller', (o) => o.spec?.controller ?? ''), ageCol],
  },
];
