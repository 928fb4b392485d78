/**
 * The Nodes page against the lab `npm start` runs: the fleet's nodes live; a drain preview on
 * the three-node site that gives each VM its fate (one migrates, one with evictionStrategy None
 * stops, one non-migratable blocks with its reason), then the drain: the migrated and stopped
 * outcomes match the preview and the blocked VM's evictions are refused with its reason.
 * On the single-node site the preview says the VMs stop, and nothing is done before the button.
 */
import type { Page } from '@playwright/test';
import { buildVm } from '../lab/demo/vm-builder';
import { pageApi } from './fixtures/page-api';
import { expect, test } from './fixtures/test';
import { shot } from './fixtures/screens';

const SITE = 'central';
const NS = 'default';
const NODE = 'central-node-3';

const api = pageApi;

const k8s = (path: string) => `/k8s/${SITE}${path}`;
const vmiPath = (name: string) => k8s(`/apis/kubevirt.io/v1/namespaces/${NS}/virtualmachineinstances/${name}`);

async function cordon(page: Page, node: string, on: boolean): Promise<void> {
  const r = await api(page, 'PATCH', k8s(`/api/v1/nodes/${node}`), { spec: { unschedulable: on } }, 'application/merge-patch+json');
  expect(r.status).toBe(200);
}

interface Vmi { metadata: { uid: string }; status?: { phase?: string; nodeName?: string; conditions?: { type: string }[] } }

async function runningOn(page: Page, name: string): Promise<Vmi> {
  let vmi: Vmi | null = null;
  await expect.poll(async () => {
    vmi = (await api<Vmi>(page, 'GET', vmiPath(name))).json;
    return vmi?.status?.phase === 'Running' && vmi.status.conditions?.some((c) => c.type === 'LiveMigratable') ? vmi.status.nodeName : undefined;
  }, { timeout: 90_000 }).toBe(NODE);
  return vmi as unknown as Vmi;
}

test('Nodes page: drain preview and drain on a three-node site', async ({ signedInPage: page, baseUrl }) => {
  test.setTimeout(400_000);
  await page.goto(`${baseUrl}/nodes`);
  for (const n of ['central-node-1', 'central-node-2', 'central-node-3', 'region-east-node-1', 'region-east-node-2']) await expect(page.getByTestId(`node-row-${n.startsWith('central') ? 'central' : 'region-east'}-${n}`)).toBeVisible();
  await expect(page.getByTestId('node-row-site-factory-01-site-factory-01-node-1')).toContainText('The only node of this site');

  // Three VMs on node 3: the other nodes are cordoned while they start.
  await cordon(page, 'central-node-1', true);
  await cordon(page, 'central-node-2', true);
  const vms = [
    buildVm({ name: 'e2e-moves', namespace: NS, memory: '256Mi', evictionStrategy: 'LiveMigrate' }),
    buildVm({ name: 'e2e-stops', namespace: NS, memory: '256Mi', evictionStrategy: 'None', runStrategy: 'RerunOnFailure' }),
    buildVm({ name: 'e2e-stuck', namespace: NS, memory: '256Mi', evictionStrategy: 'LiveMigrate', podBinding: 'bridge' }),
  ];
  for (const vm of vms) expect((await api(page, 'POST', k8s(`/apis/kubevirt.io/v1/namespaces/${NS}/virtualmachines`), vm)).status).toBe(201);
  const before = { moves: await runningOn(page, 'e2e-moves'), stops: await runningOn(page, 'e2e-stops'), stuck: await runningOn(page, 'e2e-stuck') };
  await cordon(page, 'central-node-1', false);
  await cordon(page, 'central-node-2', false);

  const row = page.getByTestId(`node-row-${SITE}-${NODE}`);
  await expect(row).toContainText('Schedulable');
  await shot(page, 'nodes-page.png', { fullPage: true });
  await row.getByRole('button', { name: 'Drain…' }).click();
  const dialog = page.getByTestId('drain-dialog');
  await expect(dialog.getByTestId(`fate-${NS}-e2e-moves`)).toHaveText(/^Migrates to central-node-[12]$/);
  await expect(dialog.getByTestId(`fate-${NS}-e2e-stops`)).toHaveText('Stops (evictionStrategy None)');
  await expect(dialog.getByTestId(`fate-${NS}-e2e-stuck`)).toHaveText('Blocks the drain: not live-migratable (InterfaceNotLiveMigratable: cannot migrate VMI which does not use masquerade or a migratable plugin to connect to the pod network)');
  await shot(dialog, 'drain-preview.png');
  // The preview changed nothing.
  await expect(row).toContainText('Schedulable');

  await dialog.getByRole('button', { name: `Cordon and drain ${NODE}` }).click();
  await expect(row).toContainText('Cordoned');
  await expect(dialog.getByTestId(`outcome-${NS}-e2e-moves`)).toHaveText(/^Migrated to central-node-[12]$/, { timeout: 120_000 });
  await expect(dialog.getByTestId(`outcome-${NS}-e2e-stops`)).toHaveText('Stopped', { timeout: 120_000 });
  await expect(dialog.getByTestId(`outcome-${NS}-e2e-stuck`)).toContainText('is configured with an eviction strategy but is not live-migratable', { timeout: 60_000 });
  const moved = (await api<Vmi>(page, 'GET', vmiPath('e2e-moves'))).json;
  expect(moved.metadata.uid).toBe(before.moves.metadata.uid);
  expect((await api<Vmi>(page, 'GET', vmiPath('e2e-stuck'))).json.metadata.uid).toBe(before.stuck.metadata.uid);
  await shot(dialog, 'drain-progress.png');

  await dialog.getByRole('button', { name: 'Stop draining' }).click();
  await dialog.getByRole('button', { name: 'Close' }).click();
  await cordon(page, NODE, false);
  for (const vm of vms) await api(page, 'DELETE', k8s(`/apis/kubevirt.io/v1/namespaces/${NS}/virtualmachines/${vm.metadata.name}`));
});

test('Nodes page: on a single-node site the drain preview says the VMs will stop, before anything is done', async ({ signedInPage: page, baseUrl }) => {
  test.setTimeout(300_000);
  const site = 'site-factory-01';
  const node = 'site-factory-01-node-1';
  const at = (path: string) => `/k8s/${site}${path}`;
  await page.goto(`${baseUrl}/nodes`);
  const vms = [
    buildVm({ name: 'e2e-single-always', namespace: NS, memory: '128Mi', evictionStrategy: 'None', runStrategy: 'Always' }),
    buildVm({ name: 'e2e-single-rerun', namespace: NS, memory: '128Mi', evictionStrategy: 'None', runStrategy: 'RerunOnFailure' }),
  ];
  for (const vm of vms) expect((await api(page, 'POST', at(`/apis/kubevirt.io/v1/namespaces/${NS}/virtualmachines`), vm)).status).toBe(201);
  const uids: string[] = [];
  for (const vm of vms) {
    const path = at(`/apis/kubevirt.io/v1/namespaces/${NS}/virtualmachineinstances/${vm.metadata.name}`);
    await expect.poll(async () => (await api<Vmi>(page, 'GET', path)).json?.status?.phase, { timeout: 120_000 }).toBe('Running');
    uids.push((await api<Vmi>(page, 'GET', path)).json.metadata.uid);
  }
  const row = page.getByTestId(`node-row-${site}-${node}`);
  await expect(row).toContainText('The only node of this site');
  await row.getByRole('button', { name: 'Drain…' }).click();
  const dialog = page.getByTestId('drain-dialog');
  await expect(dialog.getByTestId(`fate-${NS}-e2e-single-always`)).toHaveText('Stops: no other node');
  await expect(dialog.getByTestId(`fate-${NS}-e2e-single-rerun`)).toHaveText('Stops (evictionStrategy None)');
  const stopping = await dialog.locator('[data-testid^="fate-"]').filter({ hasText: /^Stops/ }).count();
  expect(stopping).toBeGreaterThanOrEqual(2);
  await expect(dialog.getByTestId('single-node-warning')).toHaveText(`No other node: ${stopping} VMs will stop.`);
  await shot(dialog, 'drain-single-node.png');
  // Nothing was done: the node is still schedulable and the same VMIs run.
  await expect(row).toContainText('Schedulable');
  await dialog.getByRole('button', { name: 'Close' }).click();
  for (const [i, vm] of vms.entries()) {
    const vmiNow = (await api<Vmi>(page, 'GET', at(`/apis/kubevirt.io/v1/namespaces/${NS}/virtualmachineinstances/${vm.metadata.name}`))).json;
    expect({ uid: vmiNow.metadata.uid, phase: vmiNow.status?.phase }).toEqual({ uid: uids[i], phase: 'Running' });
    await api(page, 'DELETE', at(`/apis/kubevirt.io/v1/namespaces/${NS}/virtualmachines/${vm.metadata.name}`));
  }
});
