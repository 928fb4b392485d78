import type { SubresourceCall, SubresourceResult } from '../apiserver/extensions';
import { notFound, StatusError } from '../store/status-error';
import type { KubeObject } from '../store/types';
import { isTrue, removeCondition, setCondition } from '../controllers/conditions';
import { mutate } from '../controllers/mutate';
import { R } from '../controllers/refs';
import type { Runtime } from '../controllers/runtime';
import { isDryRun, subConflict, subInternal } from './subresource-errors';

const OK: SubresourceResult = { status: 200 };

function running(vmi: KubeObject): boolean {
  return vmi.status?.phase === 'Running' && !vmi.metadata.deletionTimestamp;
}

function guestOf(rt: Runtime, vmi: KubeObject) {
  return rt.guests.get(vmi.metadata.uid);
}

async function pause(rt: Runtime, vmi: KubeObject, body: unknown): Promise<SubresourceResult> {
  const name = vmi.metadata.name ?? '';
  if (!running(vmi)) throw subConflict('virtualmachineinstance', name, 'VMI is not running');
  if (isTrue(vmi, 'Paused')) throw subConflict('virtualmachineinstance', name, 'VMI is already paused');
  if (vmi.spec?.livenessProbe && !vmi.spec.livenessProbe.guestAgentPing) {
    throw new StatusError(403, 'Forbidden', 'Pausing VMIs with LivenessProbe is currently not supported');
  }
  if (isDryRun(body)) return OK;
  await guestOf(rt, vmi)?.pause();
  mutate(rt.store, R.vmi, vmi.metadata.namespace, name, (o) => {
    o.status.conditions = setCondition(o.status.conditions, { type: 'Paused', status: 'True', reason: 'PausedByUser', message: 'VMI was paused by user' });
  });
  rt.events.record(vmi, 'Normal', 'Paused', 'VirtualMachineInstance paused', 'virt-handler', vmi.status?.nodeName);
  return OK;
}

async function unpause(rt: Runtime, vmi: KubeObject, body: unknown): Promise<SubresourceResult> {
  const name = vmi.metadata.name ?? '';
  if (!isTrue(vmi, 'Paused')) throw subConflict('virtualmachineinstance', name, 'VMI is not paused');
  if (isDryRun(body)) return OK;
  await guestOf(rt, vmi)?.unpause();
  mutate(rt.store, R.vmi, vmi.metadata.namespace, name, (o) => {
    o.status.conditions = removeCondition(o.status.conditions, 'Paused');
  });
  rt.events.record(vmi, 'Normal', 'Unpaused', 'VirtualMachineInstance unpaused', 'virt-handler', vmi.status?.nodeName);
  return OK;
}

async function power(rt: Runtime, vmi: KubeObject, kind: 'softreboot' | 'reset', body: unknown): Promise<SubresourceResult> {
  const name = vmi.metadata.name ?? '';
  if (!running(vmi)) throw subConflict('virtualmachineinstance', name, 'VMI is not running');
  if (isTrue(vmi, 'Paused')) throw subConflict('virtualmachineinstance', name, 'VMI is paused');
  if (isDryRun(body)) return OK;
  const g = guestOf(rt, vmi);
  if (kind === 'softreboot') await g?.softReboot();
  else await g?.reset();
  rt.events.record(vmi, 'Normal', kind === 'reset' ? 'Reset' : 'SoftRebooted', kind === 'reset' ? 'VirtualMachineInstance reset' : 'VirtualMachineInstance soft rebooted', 'virt-handler', vmi.status?.nodeName);
  return OK;
}

async function agentInfo(rt: Runtime, vmi: KubeObject, what: string): Promise<SubresourceResult> {
  if (!running(vmi)) throw subConflict('virtualmachineinstance', vmi.metadata.name ?? '', 'VMI is not running');
  const g = guestOf(rt, vmi);
  if (!g || !isTrue(vmi, 'AgentConnected')) throw subInternal('VMI does not have guest agent connected');
  const info = await g.info();
  const login = Math.floor(Date.now() / 1000 - info.uptimeSeconds);
  if (what === 'userlist') return { status: 200, body: { metadata: {}, items: [{ userName: 'root', domain: '', loginTime: login }] } };
  if (what === 'filesystemlist') {
    return { status: 200, body: { metadata: {}, items: [{ diskName: 'vda', mountPoint: '/', fileSystemType: 'ext4', usedBytes: 512 * 2 ** 20, totalBytes: 2 * 2 ** 30, disk: [{ busType: 'virtio', serial: 'rootdisk' }] }] } };
  }
  return {
    status: 200,
    body: {
      guestAgentVersion: '9.2.0',
      supportedCommands: [{ name: 'guest-info', enabled: true }, { name: 'guest-get-osinfo', enabled: true }],
      hostname: info.hostname,
      os: { name: info.os.name, id: info.os.id, version: info.os.version, versionId: info.os.version, prettyName: info.os.prettyName, kernelRelease: info.kernelRelease, kernelVersion: info.kernelVersion, machine: 'x86_64' },
      timezone: 'UTC, 0',
    },
  };
}

/** VMI subresources: pause, unpause, softreboot, reset (PUT 200) and guest-agent GETs. */
export async function vmiSubresource(rt: Runtime, call: SubresourceCall): Promise<SubresourceResult> {
  const vmi = rt.store.get(R.vmi, call.namespace, call.name);
  if (!vmi) throw notFound('kubevirt.io', 'virtualmachineinstance', call.name);
  const put = call.method === 'PUT';
  switch (call.subresource) {
    case 'pause': if (put) return pause(rt, vmi, call.body); break;
    case 'unpause': if (put) return unpause(rt, vmi, call.body); break;
    case 'softreboot':
    case 'reset': if (put) return power(rt, vmi, call.subresource, call.body); break;
    case 'guestosinfo':
    case 'userlist':
    case 'filesystemlist': if (!put) return agentInfo(rt, vmi, call.subresource); break;
    default: throw new StatusError(404, 'NotFound', 'the server could not find the requested resource');
  }
  throw new StatusError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource');
}
