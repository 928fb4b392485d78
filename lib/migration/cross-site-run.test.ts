/**
 * The cross-site run against a scripted pair of sites (the network is the double, the run is
 * real): a poll that meets a WAN blip keeps the migration and its receiver; a real refusal ends
 * the run with the server's words and deletes the receiver.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { setCsrfTokenSource } from '../k8s/client';
import type { VirtualMachine } from '../k8s/resources/virtual-machine';
import { runCrossSite } from './cross-site-run';

const vm: VirtualMachine = {
  apiVersion: 'kubevirt.io/v1',
  kind: 'VirtualMachine',
  metadata: { name: 'plc', namespace: 'default' },
  spec: { runStrategy: 'Always', template: { spec: { domain: { devices: {} } } } },
};

interface Script {
  /** Answers GET of the send VMIM, one per poll; a string is a network failure with that text. */
  send: (object | string)[];
  /** Answers GET of the receive VMIM, one per poll, then it has succeeded. */
  receive?: object[];
}

function sites(script: Script) {
  const calls: string[] = [];
  vi.stubGlobal('fetch', async (url: string, init?: RequestInit) => {
    const method = init?.method ?? 'GET';
    calls.push(`${method} ${url}`);
    const json = (body: object, status = 200) => new Response(JSON.stringify(body), { status });
    if (method === 'POST') return json(JSON.parse(String(init?.body)) as object, 201);
    if (method === 'DELETE') return json({ kind: 'Status', status: 'Success' });
    if (url.startsWith('/k8s/b/'))
      return json(script.receive?.shift() ?? { status: { phase: 'Succeeded', synchronizationAddresses: ['10.0.0.2:9185'] } });
    const next = script.send.shift() ?? { status: { phase: 'Succeeded' } };
    if (typeof next === 'string') throw new TypeError(next);
    return 'code' in next ? json(next, (next as { code: number }).code) : json(next);
  });
  return calls;
}

const run = (onContact?: (lost: { site: string; message: string } | undefined) => void, signal?: AbortSignal) =>
  runCrossSite({
    signal,
    sourceSite: 'a',
    targetSite: 'b',
    targetNamespace: 'default',
    vm,
    migrationId: 'm1',
    onStep: () => undefined,
    onContact,
    intervalMs: 1,
  });

afterEach(() => vi.unstubAllGlobals());
setCsrfTokenSource(async () => 'csrf');

describe('cross-site run', () => {
  it('rides out a source that stops answering for a while, and says so', async () => {
    const calls = sites({ send: [{ status: { phase: 'Running' } }, 'fetch failed', 'fetch failed'] });
    const contact: (string | undefined)[] = [];
    const outcome = await run((lost) => contact.push(lost && `${lost.site}: ${lost.message}`));
    expect(outcome).toEqual({ ok: true });
    expect(contact).toEqual(['a: fetch failed', 'a: fetch failed', undefined]);
    expect(calls.some((c) => c.startsWith('DELETE'))).toBe(false);
  });

  it('ends on a refusal with the server message, and removes the receiver', async () => {
    const gone = { kind: 'Status', status: 'Failure', code: 404, reason: 'NotFound', message: 'vmim gone' };
    const calls = sites({ send: [{ status: { phase: 'Running' } }, gone] });
    const outcome = await run();
    expect(outcome).toEqual({ ok: false, reason: 'vmim gone' });
    expect(calls.filter((c) => c.startsWith('DELETE'))).toEqual([
      'DELETE /k8s/b/apis/kubevirt.io/v1/namespaces/default/virtualmachines/plc',
    ]);
  });

  it('cancels as virtctl does: the source VMIM first, then the receive VMIM and the receiver VM', async () => {
    const running = { status: { phase: 'Running' } };
    const calls = sites({ send: Array.from({ length: 1000 }, () => running) });
    const abort = new AbortController();
    const outcome = run(undefined, abort.signal);
    // Let it reach the migrating loop (the send VMIM is polled), then cancel.
    await vi.waitFor(() => expect(calls.some((c) => c.startsWith('GET /k8s/a/'))).toBe(true));
    abort.abort();
    expect(await outcome).toEqual({ ok: false, reason: 'cancelled by the user', cancelled: true });
    expect(calls.filter((c) => c.startsWith('DELETE'))).toEqual([
      'DELETE /k8s/a/apis/kubevirt.io/v1/namespaces/default/virtualmachineinstancemigrations/plc-send-m1',
      'DELETE /k8s/b/apis/kubevirt.io/v1/namespaces/default/virtualmachineinstancemigrations/plc-receive-m1',
      'DELETE /k8s/b/apis/kubevirt.io/v1/namespaces/default/virtualmachines/plc',
    ]);
  });

  it('ends with the cluster reason when the send VMIM fails', async () => {
    const failed = { status: { phase: 'Failed', migrationState: { failureReason: 'has been aborted' } } };
    sites({ send: [failed] });
    expect(await run()).toEqual({ ok: false, reason: 'has been aborted' });
  });

  it('takes the reason from the source when the receiver ends first with none', async () => {
    const sync = { status: { phase: 'WaitingForSync', synchronizationAddresses: ['10.0.0.2:9185'] } };
    const running = { status: { phase: 'Running' } };
    const aborted = { status: { phase: 'Failed', migrationState: { failureReason: 'has been aborted' } } };
    sites({ send: [running, running, aborted], receive: [sync, { status: { phase: 'Failed' } }] });
    expect(await run()).toEqual({ ok: false, reason: 'has been aborted' });
  });

  it('keeps the receiver reason when the source never says why', async () => {
    const sync = { status: { phase: 'WaitingForSync', synchronizationAddresses: ['10.0.0.2:9185'] } };
    const running = { status: { phase: 'Running' } };
    const failed = { status: { phase: 'Failed', migrationState: { failureReason: 'the receiving VMI is gone' } } };
    sites({ send: Array.from({ length: 20 }, () => running), receive: [sync, failed] });
    expect(await run()).toEqual({ ok: false, reason: 'the receiving VMI is gone' });
  });
});
