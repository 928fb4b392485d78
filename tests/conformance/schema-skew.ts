/**
 * The version skew between `@kubevirt-ui-ext/kubevirt-api` (the lab's schemas) and the
 * upstream snapshot in ../shared/kubevirt-reference, as the oracle test finds it. A manifest
 * using a NEWER_UPSTREAM field gets `unknown field` from the lab, as from a cluster of the
 * package's release. When the package is updated, entries that no longer differ must go.
 */
export const NEWER_UPSTREAM: Record<'kubevirt' | 'cdi', string[]> = {
  kubevirt: [
    'type v1.ClaimRequest',
    'type v1.DowntimeTuningOptions',
    'type v1.ExperimentalMigrationOptions',
    'field v1.Interface.portRanges',
    'field v1.KubeVirtConfiguration.persistentReservationConfiguration',
    'field v1.Network.resourceClaim',
    'type v1.PersistentReservationConfiguration',
    'type v1.PortRange',
    'type v1.StallDetectorOptions',
    'type v1.VMIMConfigurationOptions',
    'field v1.VirtualMachineInstanceBackupStatus.quiesceStatus',
    'shape v1.VirtualMachineInstanceBackupStatus.volumes: array<ref:v1.VirtualMachineInstanceBackupVolumeInfo> ≠ array<ref:v1alpha1.BackupVolumeInfo>',
    'type v1.VirtualMachineInstanceBackupVolumeInfo',
    'shape v1.VirtualMachineInstanceMigrationState.migrationConfiguration: ref:v1.VMIMConfigurationOptions ≠ ref:v1.MigrationConfiguration',
    'type v1.VirtualMachineInstanceResourceClaim',
    'shape v1.VirtualMachineInstanceSpec.resourceClaims: array<ref:v1.VirtualMachineInstanceResourceClaim> ≠ array<ref:k8s.io.api.core.v1.PodResourceClaim>',
    'field v1.VirtualMachineInstanceSpec.serviceAccountName',
    'field v1alpha1.MigrationPolicySpec.experimental',
    'field v1beta1.VirtualMachinePreferenceSpec.preferredLaunchSecurity',
  ],
  cdi: [
    'field v1beta1.CDIConfigSpec.webhookPvcRendering',
    'field v1beta1.DataVolumeSourceHTTP.insecureSkipVerify',
    'field v1beta1.DataVolumeSourceImageIO.insecureSkipVerify',
    'field v1beta1.DataVolumeSourceVDDK.certConfigMap',
    'field v1beta1.DataVolumeSpec.serviceAccountName',
  ],
};

/** Fields the package's release has and the newer upstream snapshot dropped or moved. */
export const OLDER_PACKAGE: Record<'kubevirt' | 'cdi', string[]> = {
  kubevirt: ['extra v1.VirtualMachineInstanceStatus.deviceStatus'],
  cdi: [],
};
