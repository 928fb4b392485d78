import type { KubeObject } from '../store/types';

/** What a demo or benchmark VM varies in. */
export interface VmOptions {
  name: string;
  namespace: string;
  runStrategy?: 'Always' | 'Halted' | 'Manual' | 'RerunOnFailure' | 'Once';
  /** Legacy `spec.running`, used instead of runStrategy when set. */
  running?: boolean;
  cpu?: number;
  memory?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  /** Binding of the pod-network interface. */
  podBinding?: 'masquerade' | 'bridge';
  /** Secondary Multus networks (NAD names) with bridge/sriov bindings. */
  multus?: { nad: string; binding: 'bridge' | 'sriov' }[];
  /** Root disk from a DataVolume or PVC instead of a containerDisk. */
  dataVolume?: string;
  pvc?: string;
  evictionStrategy?: 'LiveMigrate' | 'None' | 'External' | 'LiveMigrateIfPossible';
  nodeSelector?: Record<string, string>;
  dataVolumeTemplates?: KubeObject[];
}

function rootVolume(o: VmOptions): Record<string, unknown> {
  if (o.dataVolume) return { name: 'rootdisk', dataVolume: { name: o.dataVolume } };
  if (o.pvc) return { name: 'rootdisk', persistentVolumeClaim: { claimName: o.pvc } };
  return { name: 'rootdisk', containerDisk: { image: 'quay.io/containerdisks/fedora:41' } };
}

/** A VirtualMachine manifest shaped like the upstream examples. */
export function buildVm(o: VmOptions): KubeObject {
  const interfaces: Record<string, unknown>[] = [{ name: 'default', [o.podBinding ?? 'masquerade']: {} }];
  const networks: Record<string, unknown>[] = [{ name: 'default', pod: {} }];
  for (const m of o.multus ?? []) {
    interfaces.push({ name: m.nad, [m.binding]: {} });
    networks.push({ name: m.nad, multus: { networkName: m.nad } });
  }
  const spec: Record<string, unknown> = {
    template: {
      metadata: { labels: { 'kubevirt.io/vm': o.name, ...(o.labels ?? {}) }, annotations: o.annotations ?? {} },
      spec: {
        domain: {
          cpu: { cores: o.cpu ?? 1 },
          memory: { guest: o.memory ?? '1Gi' },
          devices: {
            disks: [{ name: 'rootdisk', disk: { bus: 'virtio' } }, { name: 'cloudinitdisk', disk: { bus: 'virtio' } }],
            interfaces,
          },
          resources: { requests: { memory: o.memory ?? '1Gi' } },
        },
        networks,
        terminationGracePeriodSeconds: 30,
        ...(o.evictionStrategy ? { evictionStrategy: o.evictionStrategy } : {}),
        ...(o.nodeSelector ? { nodeSelector: o.nodeSelector } : {}),
        volumes: [rootVolume(o), { name: 'cloudinitdisk', cloudInitNoCloud: { userData: `#cloud-config\nhostname: ${o.name}\n` } }],
      },
    },
  };
  if (o.running !== undefined) spec.running = o.running;
  else spec.runStrategy = o.runStrategy ?? 'Always';
  if (o.dataVolumeTemplates) spec.dataVolumeTemplates = o.dataVolumeTemplates;
  return {
    apiVersion: 'kubevirt.io/v1',
    kind: 'VirtualMachine',
    metadata: { name: o.name, namespace: o.namespace, labels: { app: o.name, ...(o.labels ?? {}) } },
    spec,
  };
}
