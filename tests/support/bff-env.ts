import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { buildVm, type VmOptions } from '@/lab/demo/vm-builder';
import { startEmbeddedLab, type LabHandle, type LabStartOptions } from '@/server/embedded-lab';
import { startServer, type StartServerOptions, type RunningServer } from '@/server/start-server';

export type Lab = LabHandle;

/** Probing fast enough that a partition shows within a second or two. */
export const FAST_PROBES = { probeIntervalMs: 500, probeMaxBackoffMs: 1000, probeTimeoutMs: 4000, failuresToUnreachable: 2 };

/** Starts the lab for a test file (fast controllers, the demo fleet). */
export function startTestLab(opts: LabStartOptions = {}): Promise<Lab> {
  // These tests are about the BFF: built-in guests (a real RFB server and shell) boot at once;
  // QEMU guests are exercised by the lab's and the console's own tests.
  process.env.EDGEVIRT_QEMU_CAP ??= '0';
  return startEmbeddedLab({ timeScale: 0.05, seed: 'demo', ...opts });
}

/** Starts the backend only (no Next.js) on a free loopback port, against the lab's kubeconfig. */
export function startBff(lab: Lab, opts: StartServerOptions = {}): Promise<RunningServer> {
  return startServer({ port: 0, host: '127.0.0.1', next: false, lab: false, kubeconfigYaml: lab.kubeconfig, probe: FAST_PROBES, ...opts });
}

/** Context names of a kubeconfig, in order. */
export function siteNames(kubeconfig: string): string[] {
  const doc = parse(kubeconfig) as { contexts?: { name: string }[] };
  return (doc.contexts ?? []).map((c) => c.name);
}

export function tempFile(name: string): string {
  return join(mkdtempSync(join(tmpdir(), 'bff-')), name);
}

/** A small VirtualMachine as the lab's demo builds them, with no namespace (the path gives it). */
export function exampleVm(name: string, runStrategy = 'Halted'): Record<string, unknown> {
  const vm = buildVm({ name, namespace: '', runStrategy: runStrategy as VmOptions['runStrategy'], memory: '128Mi' }) as unknown as {
    metadata: { name: string; namespace?: string; labels: Record<string, string> };
    spec: { template: { metadata: { labels: Record<string, string> } } };
  };
  delete vm.metadata.namespace;
  vm.metadata.labels = { 'kubevirt.io/vm': name };
  vm.spec.template.metadata.labels = { 'kubevirt.io/vm': name };
  return vm as unknown as Record<string, unknown>;
}

/** Polls until `fn` returns a truthy value (events from the lab are asynchronous). */
export async function eventually<T>(fn: () => Promise<T | undefined | false>, timeoutMs = 20_000, stepMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, stepMs));
  }
}
