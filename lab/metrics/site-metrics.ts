import { Counter, Gauge, Registry } from 'prom-client';

const HANDLER = ['namespace', 'name', 'node'] as const;

/**
 * One site's Prometheus registry with KubeVirt's metric names and labels (virt-handler's
 * per-VMI migration and usage metrics, virt-controller's migration outcome metrics).
 */
export class SiteMetrics {
  readonly registry = new Registry();
  readonly migDataTotal = this.gauge('kubevirt_vmi_migration_data_bytes_total', 'The total Guest OS data to be migrated to the new VM.', HANDLER);
  readonly migProcessed = this.gauge('kubevirt_vmi_migration_data_processed_bytes', 'The total Guest OS data processed and migrated to the new VM.', HANDLER);
  readonly migRemaining = this.gauge('kubevirt_vmi_migration_data_remaining_bytes', 'The remaining guest OS data to be migrated to the new VM.', HANDLER);
  readonly migDirtyRate = this.gauge('kubevirt_vmi_migration_dirty_memory_rate_bytes', 'The rate of memory being dirty in the Guest OS.', HANDLER);
  readonly migTransferRate = this.gauge('kubevirt_vmi_migration_memory_transfer_rate_bytes', 'The rate at which the memory is being transferred.', HANDLER);
  readonly migSucceeded = this.gauge('kubevirt_vmi_migration_succeeded', 'Indicates if the VMI migration succeeded.', ['vmi', 'vmim', 'namespace']);
  readonly migFailed = this.gauge('kubevirt_vmi_migration_failed', 'Indicates if the VMI migration failed.', ['vmi', 'vmim', 'namespace']);
  readonly migStart = this.gauge('kubevirt_vmi_migration_start_time_seconds', 'The time at which the migration started.', ['node', 'namespace', 'name', 'migration_name']);
  readonly migEnd = this.gauge('kubevirt_vmi_migration_end_time_seconds', 'The time at which the migration ended.', ['node', 'namespace', 'name', 'migration_name', 'status']);
  readonly migInPhase = this.gauge('kubevirt_vmi_migrations_in_running_phase', 'Number of current running migrations.', []);
  readonly migInPending = this.gauge('kubevirt_vmi_migrations_in_pending_phase', 'Number of current pending migrations.', []);
  readonly migInScheduling = this.gauge('kubevirt_vmi_migrations_in_scheduling_phase', 'Number of current scheduling migrations.', []);
  readonly vcpuSeconds = this.counter('kubevirt_vmi_vcpu_seconds_total', 'Total amount of time spent in each state by each vcpu (cpu_time excluding hypervisor time).', ['namespace', 'name', 'node', 'id', 'state']);
  readonly memoryUsed = this.gauge('kubevirt_vmi_memory_used_bytes', 'Amount of `used` memory as seen by the domain.', HANDLER);
  readonly memoryAvailable = this.gauge('kubevirt_vmi_memory_available_bytes', 'Amount of usable memory as seen by the domain.', HANDLER);
  readonly netRx = this.counter('kubevirt_vmi_network_receive_bytes_total', 'Total network traffic received in bytes.', ['namespace', 'name', 'node', 'interface']);
  readonly netTx = this.counter('kubevirt_vmi_network_transmit_bytes_total', 'Total network traffic transmitted in bytes.', ['namespace', 'name', 'node', 'interface']);
  readonly vncActive = this.gauge('kubevirt_vnc_active_connections', 'Amount of active VNC connections, broken down by namespace and vmi name.', ['namespace', 'vmi']);
  readonly consoleActive = this.gauge('kubevirt_console_active_connections', 'Amount of active Console connections, broken down by namespace and vmi name.', ['namespace', 'vmi']);
  readonly vmiPhaseCount = this.gauge('kubevirt_vmi_phase_count', 'Sum of VMIs per phase and node.', ['node', 'phase', 'os', 'workload', 'flavor', 'instance_type', 'preference', 'guest_os_kernel_release', 'guest_os_machine', 'guest_os_arch', 'guest_os_name', 'guest_os_version_id']);

  private gauge<L extends string>(name: string, help: string, labelNames: readonly L[]): Gauge<L> {
    return new Gauge({ name, help, labelNames: [...labelNames], registers: [this.registry] });
  }

  private counter<L extends string>(name: string, help: string, labelNames: readonly L[]): Counter<L> {
    return new Counter({ name, help, labelNames: [...labelNames], registers: [this.registry] });
  }

  /** Text exposition, optionally only the series of one node (a virt-handler's view). */
  async text(node?: string): Promise<string> {
    const all = await this.registry.metrics();
    if (!node) return all;
    return all
      .split('\n')
      .filter((line) => line.startsWith('#') || !line.includes('node="') || line.includes(`node="${node}"`))
      .join('\n');
  }
}
