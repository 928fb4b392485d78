import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { newTokens, type LabTokens } from './auth/identities';
import { startAdminServer } from './admin/admin-server';
import { buildCertificateKubeconfig, buildKubeconfig } from './admin/kubeconfig';
import type { Faults } from './apiserver/server';
import { prepareSchemas } from './schemas/index';
import { startSite, type LabSite } from './site';
import { caFrom, createCa, type LabCa } from './tls/ca';
import { SyncHub } from './wan/sync-hub';

export type { LabSite } from './site';
export type { LabTokens } from './auth/identities';
export type { Faults } from './apiserver/server';

export interface LabOptions {
  /** Default `['central', 'region-east', 'site-factory-01']`. */
  sites?: string[];
  /** Default 127.0.0.1. */
  host?: string;
  /** Controller delay multiplier: 1 is realistic, tests use ~0.05. */
  timeScale?: number;
  /** Keeps every site's objects (and the CA, tokens and ports) across restarts. */
  dataDir?: string;
  /** Default 'demo'. */
  /** `infra`: nodes, storage, networks and the KubeVirt CR, but no VMs. */
  seed?: 'demo' | 'infra' | 'none';
  /** Extra VMs per site for benchmarks, passed to the demo seeder. */
  scale?: number;
  /** Also write the kubeconfig to this file. */
  kubeconfigOut?: string;
  /** First site's port; the others follow. 0 (default) = random ports. */
  basePort?: number;
  /** Faults applied from the start, by site name. */
  faults?: Record<string, Faults>;
}

export interface Lab {
  sites: LabSite[];
  site(name: string): LabSite;
  /** kubeconfig YAML: one context per site, users admin/operator/viewer/console. */
  kubeconfig: string;
  tokens: LabTokens;
  caPem: string;
  /** A kubeconfig whose user is a client certificate the lab's CA signs now (CN user, O groups). */
  certificateKubeconfig(user: string, groups: string[]): string;
  /** Admin API (faults, restarts), `http://127.0.0.1:PORT`; needs the admin token. */
  adminUrl: string;
  stop(): Promise<void>;
}

interface LabState {
  ca: { key: string; cert: string };
  tokens: LabTokens;
  ports: Record<string, number>;
}

function loadState(dataDir: string | undefined): LabState | undefined {
  const file = dataDir && join(dataDir, 'lab.json');
  return file && existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as LabState) : undefined;
}

/** Starts every site of the lab, its admin API, and writes the kubeconfig if asked. */
export async function startLab(opts: LabOptions = {}): Promise<Lab> {
  prepareSchemas(); // generated once per install (postinstall), read from the cache after that
  const names = opts.sites?.length ? opts.sites : ['central', 'region-east', 'site-factory-01'];
  const host = opts.host ?? '127.0.0.1';
  const state = loadState(opts.dataDir);
  const ca: LabCa = state ? caFrom(state.ca) : createCa();
  const tokens = state ? { ...newTokens(), ...state.tokens } : newTokens();
  const sites: LabSite[] = [];
  const wan = new SyncHub();
  try {
    for (const [i, name] of names.entries()) {
      const port = state?.ports[name] ?? (opts.basePort ? opts.basePort + i : 0);
      const site = await startSite({
        name, host, port, ca, tokens, timeScale: opts.timeScale ?? 1, seed: opts.seed ?? 'demo', scale: opts.scale, dataDir: opts.dataDir, wan,
      });
      sites.push(site);
      const f = opts.faults?.[name];
      if (f) site.setFaults(f);
    }
  } catch (err) {
    await Promise.all(sites.map((s) => s.stop()));
    throw err;
  }
  if (opts.dataDir) {
    // The CA key, every token and the stored Secrets live here: readable by the owner only.
    mkdirSync(opts.dataDir, { recursive: true, mode: 0o700 });
    const ports = Object.fromEntries(sites.map((s) => [s.name, Number(new URL(s.url).port)]));
    writeFileSync(join(opts.dataDir, 'lab.json'), JSON.stringify({ ca: { key: ca.key, cert: ca.cert }, tokens, ports } satisfies LabState), { mode: 0o600 });
  }
  const kubeconfig = buildKubeconfig(sites, ca.cert, tokens);
  if (opts.kubeconfigOut) writeFileSync(opts.kubeconfigOut, kubeconfig, { mode: 0o600 });
  const admin = await startAdminServer({ host, sites, links: wan.links, adminToken: tokens.admin, kubeconfig: () => kubeconfig });
  return {
    sites,
    site(name: string) {
      const s = sites.find((x) => x.name === name);
      if (!s) throw new Error(`no lab site named ${name}`);
      return s;
    },
    kubeconfig,
    tokens,
    caPem: ca.cert,
    certificateKubeconfig: (user, groups) =>
      buildCertificateKubeconfig(sites, ca.cert, user, ca.issueClient(user, groups)),
    adminUrl: admin.url,
    async stop() {
      await admin.stop();
      await Promise.all(sites.map((s) => s.stop()));
      await wan.close();
    },
  };
}
