/**
 * The embedded edge lab, loaded on demand so a server pointed at real clusters never imports
 * it. Typed structurally: the lab's own module (lab/lab.ts) is the source of truth.
 */
export interface LabHandle {
  /** kubeconfig YAML with one context per site. */
  kubeconfig: string;
  tokens: { admin: string; operator: string; viewer: string; console: string };
  /** The lab's admin API (faults, restarts, open watch counts); needs the admin token. */
  adminUrl: string;
  site(name: string): { restart(): Promise<void>; setFaults(f: Record<string, unknown>): void | Promise<void> };
  stop(): Promise<void>;
}

export interface LabStartOptions {
  sites?: string[];
  host?: string;
  timeScale?: number;
  dataDir?: string;
  seed?: 'demo' | 'none';
  scale?: number;
  kubeconfigOut?: string;
  basePort?: number;
}

/** Starts the lab from `lab/lab.ts` (`startLab`). */
export async function startEmbeddedLab(opts: LabStartOptions = {}): Promise<LabHandle> {
  const mod = (await import(new URL('../lab/lab.ts', import.meta.url).href)) as { startLab(o: LabStartOptions): Promise<LabHandle> };
  return mod.startLab(opts);
}
