import type { KubeObject } from '../store/types';
import type { VmOptions } from './vm-builder';

const blankDisk = (name: string, size: string, sc: string): KubeObject => ({
  apiVersion: 'cdi.kubevirt.io/v1beta1',
  kind: 'DataVolume',
  metadata: { name },
  spec: { source: { blank: {} }, storage: { storageClassName: sc, resources: { requests: { storage: size } } } },
});

/** The VMs of one demo site, each chosen to show a different state on screen. */
export function demoFleet(site: string): VmOptions[] {
  if (site === 'central') {
    return [
      { name: 'web-01', namespace: 'production', labels: { tier: 'web' }, evictionStrategy: 'LiveMigrate' },
      { name: 'web-02', namespace: 'production', labels: { tier: 'web' }, evictionStrategy: 'LiveMigrate' },
      { name: 'db-01', namespace: 'production', memory: '4Gi', cpu: 2, dataVolume: 'db-01-data', dataVolumeTemplates: [blankDisk('db-01-data', '10Gi', 'local-path')] },
      { name: 'kiosk-01', namespace: 'production' },
      { name: 'gpu-train', namespace: 'production', memory: '512Gi', cpu: 32 },
      { name: 'billing-api', namespace: 'production', memory: '8Gi', cpu: 2, evictionStrategy: 'LiveMigrate', labels: { 'migration-profile': 'slow-wan' }, annotations: { 'lab.edgevirt.dev/dirty-rate': '8Mi' } },
      { name: 'build-runner', namespace: 'edge-apps', runStrategy: 'Halted', cpu: 4, memory: '8Gi' },
      { name: 'legacy-app', namespace: 'edge-apps', running: false },
      { name: 'batch-once', namespace: 'edge-apps', runStrategy: 'Once' },
      { name: 'manual-vm', namespace: 'edge-apps', runStrategy: 'Manual' },
      { name: 'router-01', namespace: 'edge-apps', podBinding: 'bridge', multus: [{ nad: 'default/vlan-100', binding: 'bridge' }, { nad: 'default/sriov-net', binding: 'sriov' }] },
      { name: 'win-import', namespace: 'edge-apps', runStrategy: 'Halted', memory: '4Gi', cpu: 2, dataVolume: 'win-import-disk' },
    ];
  }
  if (site === 'region-east') {
    return [
      { name: 'web-east-01', namespace: 'default', evictionStrategy: 'LiveMigrate' },
      { name: 'cache-east', namespace: 'default', memory: '2Gi' },
      { name: 'reporting', namespace: 'default', runStrategy: 'Halted' },
    ];
  }
  return [
    { name: 'plc-gateway', namespace: 'default', multus: [{ nad: 'vlan-100', binding: 'bridge' }] },
    { name: 'hmi-panel', namespace: 'default', podBinding: 'bridge' },
    { name: 'scada-historian', namespace: 'default', runStrategy: 'Halted', memory: '2Gi' },
  ];
}

/** A policy that caps bandwidth for VMs labelled `migration-profile: slow-wan`. */
export function demoPolicy(): KubeObject {
  return {
    apiVersion: 'migrations.kubevirt.io/v1alpha1',
    kind: 'MigrationPolicy',
    metadata: { name: 'slow-wan' },
    spec: {
      allowAutoConverge: true,
      bandwidthPerMigration: '32Mi',
      completionTimeoutPerGiB: 800,
      selectors: { virtualMachineInstanceSelector: { 'migration-profile': 'slow-wan' } },
    },
  };
}
