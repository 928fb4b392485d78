/**
 * Why can't this console connect? Browsers cannot read the HTTP status of a refused websocket
 * (they see close 1006), so after a failure the console asks here. For VNC the probe dials
 * the cluster with `preserveSession=true`, which never disturbs another viewer: 503 means the
 * session is held by someone else.
 */
import type { ConsoleKind, ConsoleProbe, VmRef } from '../../lib/api/console';
import { apiPath } from '../../lib/k8s/api-path';
import { VMI_GVR, vmiConsolePath } from '../../lib/k8s/resources/virtual-machine-instance';
import { consoleAccess } from './console-principal';
import type { Principal } from '../auth/types';
import type { ServerContext } from '../context';
import { HttpStatusError } from '../http/status';
import { dialSiteSocket } from '../sites/dial-site-socket';
import { kubeCall, messageOf, requireAccess } from '../sites/kube-call';

function fromError(err: unknown): ConsoleProbe {
  if (!(err instanceof HttpStatusError)) return { status: 'unreachable', message: (err as Error).message };
  const message = err.message;
  switch (err.code) {
    case 503:
      return /active vnc connection/i.test(message)
        ? { status: 'inUse', message }
        : { status: 'unreachable', message };
    case 400:
    case 409:
      return { status: 'notRunning', message };
    case 401:
      return { status: err.reason === 'Expired' ? 'expired' : 'unauthorized', message };
    case 403:
      return { status: 'forbidden', message };
    case 404:
      return { status: 'notFound', message };
    default:
      return { status: 'unreachable', message };
  }
}

/** Probes one console for one principal. Never throws: every failure is a probe status. */
export async function probeConsole(
  ctx: ServerContext,
  principal: Principal,
  vm: VmRef,
  kind: ConsoleKind,
): Promise<ConsoleProbe> {
  try {
    await requireAccess(ctx, principal, vm.site, consoleAccess(kind, vm.namespace, vm.name));
    const got = await kubeCall(
      ctx,
      principal,
      vm.site,
      'GET',
      apiPath(VMI_GVR, { namespace: vm.namespace, name: vm.name }),
    );
    if (got.status === 404) return { status: 'notFound', message: messageOf(got.body) };
    if (got.status === 200) {
      const phase = (got.body as { status?: { phase?: string } }).status?.phase;
      if (phase !== 'Running') return { status: 'notRunning', message: `phase ${phase ?? 'unknown'}` };
    }
    // Dialling the serial line would take it from the serial hub; the checks above suffice.
    if (kind === 'serial') return { status: 'free' };
    const ws = await dialSiteSocket(
      ctx,
      principal,
      vm.site,
      vmiConsolePath(vm.namespace, vm.name, 'vnc', true),
    );
    ws.close(1000, 'probe');
    return { status: 'free' };
  } catch (err) {
    return fromError(err);
  }
}
