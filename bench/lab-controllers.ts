/**
 * Lab controller figures: `npx tsx bench/lab-controllers.ts [vmCount]` prints JSON with the
 * time to seed N stopped VMs into a site with its controllers running, the time until the
 * controllers have settled on them, the writes that caused, and VM start/migration latencies
 * at timeScale 0.05.
 */
import { startControllers } from '../lab/site-behaviour/index';
import { R } from '../lab/controllers/refs';
import { seedDemo } from '../lab/demo/index';
import { buildVm } from '../lab/demo/vm-builder';
import { ObjectStore } from '../lab/store/object-store';

process.env.EDGEVIRT_QEMU_CAP ??= '0';
const n = Number(process.argv[2] ?? 10_000);
const store = new ObjectStore();
const ctx = { name: 'central', store, tls: { key: '', cert: '', ca: '' }, host: '127.0.0.1', timeScale: 0.05, url: () => '' };
const controllers = startControllers(ctx);
const rv0 = Number(store.resourceVersion());
let t = performance.now();
seedDemo(ctx, { scale: n, fleet: false });
const seedMs = performance.now() - t;
const rvSeeded = Number(store.resourceVersion());
t = performance.now();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
let idle = 0;
let last = rvSeeded;
while (idle < 5) {
  await sleep(100);
  const rv = Number(store.resourceVersion());
  idle = rv === last ? idle + 1 : 0;
  last = rv;
}
const settleMs = performance.now() - t - 500;

async function until(pred: () => boolean): Promise<number> {
  const start = performance.now();
  while (!pred()) await sleep(5);
  return performance.now() - start;
}
store.create(R.vm, buildVm({ name: 'bench-start', namespace: 'default' }));
const startMs = await until(() => store.get(R.vmi, 'default', 'bench-start')?.status?.phase === 'Running');
store.create(R.vmim, { apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachineInstanceMigration', metadata: { name: 'bench-mig', namespace: 'default' }, spec: { vmiName: 'bench-start' } });
const migrateMs = await until(() => ['Succeeded', 'Failed'].includes(store.get(R.vmim, 'default', 'bench-mig')?.status?.phase));
await controllers.stop();
console.log(JSON.stringify({
  vms: n,
  seedMs: Math.round(seedMs),
  settleMs: Math.round(settleMs),
  writesBySeed: rvSeeded - rv0,
  writesByControllersAfterSeed: last - rvSeeded,
  timeScale: ctx.timeScale,
  vmStartToRunningMs: Math.round(startMs),
  migrationToSucceededMs: Math.round(migrateMs),
}, null, 2));
process.exit(0);
