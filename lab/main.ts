import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startLab, type Faults } from './lab';

const USAGE = `usage: npm run lab -- [options]
  --sites a,b,c            site names (default central,region-east,site-factory-01)
  --kubeconfig-out FILE    write the kubeconfig here (default: a temp file)
  --host HOST              listen address (default 127.0.0.1)
  --base-port N            first site's port, others follow (default: random)
  --time-scale X           controller delay multiplier (default 1)
  --data-dir DIR           keep state across restarts
  --seed demo|infra|none   demo fleet, infrastructure only (nodes, storage), or empty sites (default demo)
  --scale N                extra VMs per site (benchmarks)
  --latency site=ms        WAN latency (repeatable)
  --jitter site=ms         WAN jitter (repeatable)
  --loss site=percent      dropped requests (repeatable)
  --partition site         site unreachable from the start (repeatable)`;

function perSite(values: string[] | undefined, key: keyof Faults, faults: Record<string, Faults>): void {
  for (const v of values ?? []) {
    const [site, num] = v.split('=');
    if (!site || num === undefined || Number.isNaN(Number(num))) throw new Error(`bad --${key} value "${v}" (expected site=number)`);
    faults[site] = { ...faults[site], [key]: Number(num) };
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      sites: { type: 'string' }, 'kubeconfig-out': { type: 'string' }, host: { type: 'string' }, 'base-port': { type: 'string' },
      'time-scale': { type: 'string' }, 'data-dir': { type: 'string' }, seed: { type: 'string' }, scale: { type: 'string' },
      latency: { type: 'string', multiple: true }, jitter: { type: 'string', multiple: true }, loss: { type: 'string', multiple: true },
      partition: { type: 'string', multiple: true }, help: { type: 'boolean' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const faults: Record<string, Faults> = {};
  perSite(values.latency, 'latencyMs', faults);
  perSite(values.jitter, 'jitterMs', faults);
  perSite(values.loss, 'lossPercent', faults);
  for (const s of values.partition ?? []) faults[s] = { ...faults[s], partition: true };
  const seed = values.seed ?? 'demo';
  if (seed !== 'demo' && seed !== 'infra' && seed !== 'none') throw new Error('--seed must be demo, infra or none');
  const kubeconfigOut = values['kubeconfig-out'] ?? join(mkdtempSync(join(tmpdir(), 'edgevirt-lab-')), 'kubeconfig');
  const lab = await startLab({
    sites: values.sites?.split(',').map((s) => s.trim()).filter(Boolean),
    host: values.host,
    basePort: values['base-port'] ? Number(values['base-port']) : undefined,
    timeScale: values['time-scale'] ? Number(values['time-scale']) : undefined,
    dataDir: values['data-dir'],
    seed,
    scale: values.scale ? Number(values.scale) : undefined,
    kubeconfigOut,
    faults,
  });
  console.log(`kubeconfig: ${kubeconfigOut}`);
  console.log(`admin: ${lab.adminUrl} (Authorization: Bearer <admin token from the kubeconfig>)`);
  for (const s of lab.sites) console.log(`site ${s.name}: ${s.url}`);
  const shutdown = () => {
    void lab.stop().then(() => process.exit(0));
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
