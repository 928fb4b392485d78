import type { KubeObject } from '../store/types';
import { quantityOr } from './quantity';
import { controllerRef, randomSuffix } from './refs';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;

/** vCPUs of a VMI domain (sockets × cores × threads, 1 when unset). */
export function vcpus(vmi: KubeObject): number {
  const c = vmi.spec?.domain?.cpu ?? {};
  return (c.sockets ?? 1) * (c.cores ?? 1) * (c.threads ?? 1);
}

/** Guest memory in bytes (memory.guest, else the memory request). */
export function guestMemory(vmi: KubeObject): number {
  const d = vmi.spec?.domain ?? {};
  return quantityOr(d.memory?.guest ?? d.resources?.requests?.memory, 2 ** 30);
}

/** What virt-launcher asks for: guest memory plus virt-launcher's overhead, 100m per vCPU. */
export function launcherRequests(vmi: KubeObject): { cpu: number; memory: number } {
  const req = vmi.spec?.domain?.resources?.requests ?? {};
  const cpu = req.cpu !== undefined ? quantityOr(req.cpu, 0.1) : 0.1 * vcpus(vmi);
  return { cpu, memory: guestMemory(vmi) + 220 * 2 ** 20 };
}

/** The virt-launcher pod of a VMI (or a migration target's pod when `target` is set). */
export function launcherPod(vmi: KubeObject, opts: { target?: { migrationUid: string }; devices?: Record<string, number> } = {}): KubeObject {
  const devices = Object.fromEntries(Object.entries(opts.devices ?? {}).map(([k, v]) => [k, String(v)]));
  const name = vmi.metadata.name ?? '';
  const { cpu, memory } = launcherRequests(vmi);
  const labels: Record<string, string> = {
    'kubevirt.io': 'virt-launcher',
    'kubevirt.io/created-by': vmi.metadata.uid ?? '',
    'vm.kubevirt.io/name': name,
    ...(opts.target ? { 'kubevirt.io/migrationJobUID': opts.target.migrationUid } : {}),
  };
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: `virt-launcher-${name}-${randomSuffix()}`,
      namespace: vmi.metadata.namespace,
      labels,
      annotations: { 'kubevirt.io/domain': name, 'kubectl.kubernetes.io/default-container': 'compute' },
      ownerReferences: [controllerRef(vmi)],
    },
    spec: {
      containers: [
        {
          name: 'compute',
          image: 'quay.io/kubevirt/virt-launcher:v1.9.0',
          resources: {
            requests: { cpu: `${Math.round(cpu * 1000)}m`, memory: String(Math.round(memory)), 'devices.kubevirt.io/kvm': '1', ...devices },
            limits: { 'devices.kubevirt.io/kvm': '1', ...devices },
          },
        },
      ],
      nodeSelector: { 'kubevirt.io/schedulable': 'true', ...(vmi.spec?.nodeSelector ?? {}) },
      tolerations: vmi.spec?.tolerations as Any,
      affinity: vmi.spec?.affinity as Any,
      schedulerName: 'default-scheduler',
      restartPolicy: 'Never',
      terminationGracePeriodSeconds: (vmi.spec?.terminationGracePeriodSeconds ?? 30) + 15,
    },
    status: { phase: 'Pending', qosClass: 'Burstable' },
  };
}
