/**
 * Free SR-IOV virtual functions per node: the node's allocatable count of the NAD's device
 * resource (`k8s.v1.cni.cncf.io/resourceName`, e.g. `intel.com/sriov_netdevice`) minus what the
 * pods still running there request, as the scheduler counts it.
 */
import type { NetworkAttachmentDefinition } from '../k8s/resources/network-attachment-definition';
import type { KubeNode } from '../k8s/resources/node';
import type { KubePod } from '../k8s/resources/pod';

export const NAD_RESOURCE_ANNOTATION = 'k8s.v1.cni.cncf.io/resourceName';

export function nadResourceName(nad: NetworkAttachmentDefinition | undefined): string | undefined {
  return nad?.metadata.annotations?.[NAD_RESOURCE_ANNOTATION] || undefined;
}

function requested(pod: KubePod, resource: string): number {
  return (pod.spec?.containers ?? []).reduce(
    (n, c) => n + (Number(c.resources?.requests?.[resource] ?? 0) || 0),
    0,
  );
}

/** `{node, free}` for every node that offers the resource at all. */
export function freeFunctions(
  resource: string,
  nodes: KubeNode[],
  pods: KubePod[],
): { node: string; free: number }[] {
  return nodes
    .filter((n) => n.status?.allocatable?.[resource] !== undefined)
    .map((n) => {
      const name = n.metadata.name ?? '';
      const used = pods
        .filter(
          (p) => p.spec?.nodeName === name && !['Succeeded', 'Failed'].includes(String(p.status?.phase)),
        )
        .reduce((sum, p) => sum + requested(p, resource), 0);
      return { node: name, free: Math.max(0, (Number(n.status?.allocatable?.[resource]) || 0) - used) };
    });
}
