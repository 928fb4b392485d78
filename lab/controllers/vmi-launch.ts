import type { Guest } from '../guest/types';
import type { KubeObject } from '../store/types';
import { setCondition } from './conditions';
import { guestMemory, vcpus } from './launcher-pod';
import { planInterfaces } from './guest-nics';
import { networkConfigOf } from '../../lib/network/config';
import { NETWORK_STATUS_ANNOTATION } from '../../lib/network/network-status';
import { networkStatus } from './network-status';
import { liveMigratableCondition } from './live-migratable';
import { mutate } from './mutate';
import { nowIso, R } from './refs';
import { DELAYS, type Runtime } from './runtime';
import { activePod, macFor, podIp, setPhase, sincePhase } from './vmi-phase';
import { volumeFacts } from './volumes';
import { keyOf } from './work-queue';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;

/** `status.interfaces` as virt-handler reports them from the domain and the guest agent. */
export function guestInterfaces(rt: Runtime, vmi: KubeObject, ip: string): Any[] {
  return planInterfaces(rt, vmi, ip).map((p) => ({
    name: p.name,
    interfaceName: `eth${p.index}`,
    ipAddress: p.reportedIp,
    ipAddresses: [p.reportedIp],
    mac: p.mac,
    infoSource: 'domain, guest-agent',
    linkState: 'up',
    podInterfaceName: p.onPodNetwork ? 'eth0' : `pod${p.index}`,
    queueCount: 1,
  }));
}

/** Guests whose domain runs (or failed to start): their VMI may report Running. */
const domainsStarted = new WeakSet<Guest>();

/** Starts the guest of a VMI once (later calls return it); its exit re-queues the VMI. */
export function startGuest(rt: Runtime, vmi: KubeObject, node: string, ip: string): Guest | undefined {
  const ns = vmi.metadata.namespace ?? '';
  const name = vmi.metadata.name ?? '';
  const existing = rt.guests.get(vmi.metadata.uid);
  const arrived = existing && rt.guests.takeArrival(vmi.metadata.uid);
  if (existing && !arrived) return existing;
  // A guest that arrived by a migration from another site runs already: relocate it, wire it up.
  if (arrived) existing.relocate(node);
  const guest = arrived ? existing : rt.guests.start(
    vmi.metadata.uid ?? '',
    { namespace: ns, name, hostname: name, memoryMiB: Math.round(guestMemory(vmi) / 2 ** 20), cpus: vcpus(vmi), node, ipAddress: ip, macAddress: macFor(`${vmi.metadata.uid}/default`), nics: planInterfaces(rt, vmi, ip).map((p) => p.nic) },
    () => rt.queues.vmi?.add(keyOf(ns, name)),
  );
  if (!guest) return undefined;
  void guest.started
    .catch(() => undefined)
    .then(() => {
      domainsStarted.add(guest);
      rt.queues.vmi?.add(keyOf(ns, name));
    });
  const rate = vmi.metadata.annotations?.['lab.edgevirt.dev/dirty-rate'];
  guest.ready
    .then(async () => {
      if (vmi.spec?.startStrategy === 'Paused' && !arrived) {
        // A VMI started paused: the domain is created and kept paused until unpaused.
        await guest.pause();
        mutate(rt.store, R.vmi, ns, name, (o) => {
          o.status.conditions = setCondition(o.status.conditions, { type: 'Paused', status: 'True', reason: 'PausedByUser', message: 'VMI was paused by user' });
        });
      }
      if (rate) await guest.setDirtyRate(parseRate(rate));
      const info = await guest.info();
      mutate(rt.store, R.vmi, ns, name, (o) => {
        if (o.metadata.uid !== vmi.metadata.uid) return;
        o.status.guestOSInfo = { id: info.os.id, name: info.os.name, prettyName: info.os.prettyName, version: info.os.version, versionId: info.os.version, kernelRelease: info.kernelRelease, kernelVersion: info.kernelVersion, machine: 'x86_64' };
        o.status.conditions = setCondition(o.status.conditions, { type: 'AgentConnected', status: 'True' });
      });
    })
    .catch(() => undefined);
  return guest;
}

function parseRate(q: string): number {
  const m = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi)?$/.exec(q.trim());
  if (!m) return 0;
  const mult = m[2] === 'Gi' ? 2 ** 30 : m[2] === 'Mi' ? 2 ** 20 : m[2] === 'Ki' ? 2 ** 10 : 1;
  return Number(m[1]) * mult;
}

/** Scheduled → Running: the pod's containers start, the domain boots, the guest runs. */
export function reconcileScheduled(rt: Runtime, vmi: KubeObject): number | void {
  const wait = rt.delay(DELAYS.scheduledToRunning) - sincePhase(vmi);
  if (wait > 0) return wait;
  const ns = vmi.metadata.namespace ?? '';
  const name = vmi.metadata.name ?? '';
  const pod = activePod(rt.store, vmi);
  const nodeName = vmi.status?.nodeName as string;
  if (!pod) {
    mutate(rt.store, R.vmi, ns, name, (o) => setPhase(o, 'Failed'));
    return;
  }
  const node = rt.store.get(R.node, undefined, nodeName);
  const ip = podIp(node, pod.metadata.uid ?? '');
  // virt-handler reports Running once the domain runs: a guest still waiting for a boot slot
  // keeps its VMI Scheduled ("Starting"), so nobody opens a console onto a screen that is not there.
  // A guest that already ended (it failed to start) is not started again: Running sees its exit.
  const guest = rt.guests.exitReason(vmi.metadata.uid) ? undefined : startGuest(rt, vmi, nodeName, ip);
  if (guest && !domainsStarted.has(guest)) return;
  const now = nowIso();
  mutate(rt.store, R.pod, ns, pod.metadata.name ?? '', (p) => {
    p.metadata.annotations = { ...(p.metadata.annotations ?? {}), [NETWORK_STATUS_ANNOTATION]: networkStatus(vmi, guestInterfaces(rt, vmi, ip)) };
    p.status.phase = 'Running';
    p.status.podIP = ip;
    p.status.podIPs = [{ ip }];
    p.status.hostIP = node?.status?.addresses?.[0]?.address;
    p.status.startTime = now;
    p.status.conditions = setCondition(p.status.conditions, { type: 'Ready', status: 'True' });
    p.status.containerStatuses = [{ name: 'compute', ready: true, started: true, restartCount: 0, image: 'quay.io/kubevirt/virt-launcher:v1.9.0', imageID: '', state: { running: { startedAt: now } } }];
  });
  const vf = volumeFacts(rt.store, ns, vmi.spec?.volumes);
  rt.events.record(vmi, 'Normal', 'Created', 'VirtualMachineInstance defined.', 'virt-handler', nodeName);
  mutate(rt.store, R.vmi, ns, name, (o) => {
    setPhase(o, 'Running');
    o.status.interfaces = guestInterfaces(rt, o, ip);
    o.status.launcherContainerImageVersion = 'quay.io/kubevirt/virt-launcher:v1.9.0';
    o.status.currentCPUTopology = { cores: o.spec?.domain?.cpu?.cores ?? 1, sockets: o.spec?.domain?.cpu?.sockets ?? 1, threads: o.spec?.domain?.cpu?.threads ?? 1 };
    const mem = o.spec?.domain?.memory?.guest ?? o.spec?.domain?.resources?.requests?.memory;
    o.status.memory = { guestAtBoot: mem, guestCurrent: mem, guestRequested: mem };
    let conds = setCondition(o.status.conditions, { type: 'Ready', status: 'True' });
    conds = setCondition(conds, liveMigratableCondition(o, vf.claimModes, networkConfigOf(rt.store.listShared(R.kubevirt)[0])));
    o.status.conditions = conds;
    o.status.migrationMethod = conds.find((c) => c.type === 'LiveMigratable')?.status === 'True' && Object.keys(vf.claimModes).length === 0 ? 'BlockMigration' : 'LiveMigration';
  });
  rt.events.record(vmi, 'Normal', 'Started', 'VirtualMachineInstance started.', 'virt-handler', nodeName);
}
