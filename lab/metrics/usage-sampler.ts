import type { ObjectStore } from '../store/object-store';
import type { Guest } from '../guest/types';
import { guestMemory, vcpus } from '../controllers/launcher-pod';
import { R } from '../controllers/refs';
import type { SiteMetrics } from './site-metrics';

/** The lab's synthetic idle workload: 5% of each vCPU, ~12 kbit/s in and ~7 kbit/s out. */
const CPU_SHARE = 0.05;
const RX_BPS = 1500;
const TX_BPS = 900;

/**
 * Refreshes per-VMI usage series before a scrape. Guests have no real workload here, so vCPU
 * time and network counters grow with the time each VMI spent running unpaused at the rates
 * above; memory comes from the guest's size; console gauges from the live sessions.
 */
export class UsageSampler {
  private readonly last = new Map<string, number>();

  constructor(
    private readonly store: ObjectStore,
    private readonly metrics: SiteMetrics,
    private readonly guests: () => Map<string, Guest>,
    private readonly consoles: () => Map<string, number>,
  ) {}

  sample(): void {
    const m = this.metrics;
    m.memoryUsed.reset();
    m.memoryAvailable.reset();
    m.vncActive.reset();
    m.consoleActive.reset();
    m.vmiPhaseCount.reset();
    const now = Date.now();
    const seen = new Set<string>();
    const phases = new Map<string, { node: string; phase: string; n: number }>();
    for (const vmi of this.store.listShared(R.vmi)) {
      const node = vmi.status?.nodeName ?? '';
      const phase = String(vmi.status?.phase ?? '').toLowerCase();
      const k = `${node}/${phase}`;
      const e = phases.get(k) ?? { node, phase, n: 0 };
      e.n += 1;
      phases.set(k, e);
    }
    const blank = { os: '<none>', workload: '<none>', flavor: '<none>', instance_type: '<none>', preference: '<none>', guest_os_kernel_release: '<none>', guest_os_machine: '<none>', guest_os_arch: '<none>', guest_os_name: '<none>', guest_os_version_id: '<none>' };
    for (const e of phases.values()) m.vmiPhaseCount.set({ node: e.node, phase: e.phase, ...blank }, e.n);
    for (const vmi of this.store.listShared(R.vmi)) {
      if (vmi.status?.phase !== 'Running') continue;
      const uid = vmi.metadata.uid ?? '';
      seen.add(uid);
      const ns = vmi.metadata.namespace ?? '';
      const name = vmi.metadata.name ?? '';
      const node = vmi.status?.nodeName ?? '';
      const paused = (vmi.status?.conditions ?? []).some((c: { type: string; status: string }) => c.type === 'Paused' && c.status === 'True');
      const dt = (now - (this.last.get(uid) ?? now)) / 1000;
      this.last.set(uid, now);
      const mem = guestMemory(vmi);
      m.memoryAvailable.set({ namespace: ns, name, node }, mem);
      m.memoryUsed.set({ namespace: ns, name, node }, Math.round(mem * 0.35));
      for (let id = 0; id < vcpus(vmi); id++) m.vcpuSeconds.inc({ namespace: ns, name, node, id: String(id), state: 'running' }, paused ? 0 : dt * CPU_SHARE);
      for (const iface of (vmi.status?.interfaces ?? []) as { name: string }[]) {
        m.netRx.inc({ namespace: ns, name, node, interface: iface.name }, paused ? 0 : Math.round(dt * RX_BPS));
        m.netTx.inc({ namespace: ns, name, node, interface: iface.name }, paused ? 0 : Math.round(dt * TX_BPS));
      }
      m.vncActive.set({ namespace: ns, vmi: name }, this.guests().get(uid)?.vncConnections() ?? 0);
      m.consoleActive.set({ namespace: ns, vmi: name }, this.consoles().get(uid) ?? 0);
    }
    for (const uid of this.last.keys()) if (!seen.has(uid)) this.last.delete(uid);
  }
}
