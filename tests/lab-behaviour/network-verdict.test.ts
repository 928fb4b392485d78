/**
 * Property test over every network kind × binding × interface count (and the pod-bridge opt-in,
 * and two KubeVirt configurations): the create form's verdict (lib/network/outcome on the form's
 * interfaces) equals what the lab does with the VM the form sends: its VM webhook's causes, and
 * for an admitted VM, the LiveMigratable condition its controllers put on the running VMI.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kubevirtAdmission } from '../../lab/apiserver/kubevirt-admission';
import type { SiteContext, SiteControllers } from '../../lab/apiserver/extensions';
import { R } from '../../lab/controllers/refs';
import { seedDemo } from '../../lab/demo/index';
import { createGuestFactory } from '../../lab/guest/index';
import { startControllers } from '../../lab/site-behaviour/index';
import { networkConfigOf } from '../../lib/network/config';
import type { FormInterface } from '../../lib/network/form-interfaces';
import { ALLOW_POD_BRIDGE_MIGRATION } from '../../lib/network/migration';
import { interfacesVerdict } from '../../lib/network/outcome';
import { defaultForm, formToVm } from '../../lib/vm/create';
import { storeContext, waitFor } from '../support/store-helpers';

const KINDS = [
  { id: 'pod', kind: 'pod' as const, nad: '' },
  { id: 'vlan', kind: 'multus' as const, nad: 'default/vlan-100' },
  { id: 'sriov', kind: 'multus' as const, nad: 'default/sriov-net' },
];
const BINDINGS = [
  'masquerade',
  'bridge',
  'sriov',
  'passtBinding',
  'plugin:passt',
  'plugin:nomig',
  'slirp',
  'passt',
  'macvtap',
];
const COUNTS = [1, 2, 3];
const CONFIGS = [
  {
    id: 'default',
    network: {
      defaultNetworkInterface: 'bridge',
      permitBridgeInterfaceOnPodNetwork: true,
      binding: {
        passt: { sidecarImage: 'quay.io/kubevirt/network-passt-binding:v1.9.0', migration: {} },
        nomig: { sidecarImage: 'example/nomig' },
      },
    },
  },
  {
    id: 'nobridge',
    network: {
      defaultNetworkInterface: 'masquerade',
      permitBridgeInterfaceOnPodNetwork: false,
      binding: { passt: { sidecarImage: 'x', migration: {} }, nomig: { sidecarImage: 'y' } },
    },
  },
];

interface Case {
  name: string;
  ifaces: FormInterface[];
  allow: boolean;
}

function cases(): Case[] {
  const out: Case[] = [];
  for (const k of KINDS)
    for (const b of BINDINGS)
      for (const n of COUNTS)
        for (const allow of [false, true]) {
          const ifaces = Array.from({ length: n }, (_, i) => ({
            name: `net${i + 1}`,
            kind: k.kind,
            nad: k.nad,
            binding: b,
            model: '',
            macAddress: '',
            ports: [],
          }));
          out.push({
            name: `v-${k.id}-${b.replace(/[^a-z]/gi, '').toLowerCase()}-${n}${allow ? '-a' : ''}`,
            ifaces,
            allow,
          });
        }
  return out;
}

let ctx: SiteContext;
let controllers: SiteControllers;

beforeAll(() => {
  ctx = storeContext();
  seedDemo(ctx, { fleet: false });
  // The matrix runs every SR-IOV case at once (12 functions per config): give each node enough
  // functions that capacity never decides a verdict here (tests/lab-behaviour/sriov-resources does).
  for (const node of ctx.store.list(R.node)) {
    for (const side of ['capacity', 'allocatable'] as const) node.status[side]['intel.com/sriov_netdevice'] = '64';
    ctx.store.update(R.node, node);
  }
  controllers = startControllers(ctx, {
    guests: createGuestFactory({ useQemu: false, builtin: { bootMs: 10 } }),
  });
});
afterAll(async () => {
  await controllers.stop();
});

const networkCause = (f?: string) =>
  /^spec\.template\.spec\.(networks|domain\.devices\.interfaces)/.test(f ?? '');

for (const config of CONFIGS) {
  describe(`form verdict = lab admission + LiveMigratable (${config.id} KubeVirt network config)`, () => {
    it(`holds for ${KINDS.length} kinds × ${BINDINGS.length} bindings × ${COUNTS.length} counts × opt-in`, async () => {
      const kv = ctx.store.get(R.kubevirt, 'kubevirt', 'kubevirt');
      kv!.spec.configuration = { ...kv!.spec.configuration, network: config.network };
      ctx.store.update(R.kubevirt, kv!);
      const cfg = networkConfigOf(ctx.store.get(R.kubevirt, 'kubevirt', 'kubevirt'));
      const admitted: { c: Case; block: string | undefined }[] = [];
      let refused = 0;
      for (const c of cases()) {
        const form = {
          ...defaultForm('central', 'default'),
          name: `${c.name}-${config.id}`,
          interfaces: c.ifaces,
          allowPodBridgeMigration: c.allow,
        };
        const verdict = interfacesVerdict(
          c.ifaces,
          c.allow ? { [ALLOW_POD_BRIDGE_MIGRATION]: 'true' } : undefined,
          cfg,
        );
        const vm = formToVm(form);
        const labCauses = kubevirtAdmission('virtualmachines', 'kubevirt.io', vm as never, ctx.store).filter(
          (x) => networkCause(x.field),
        );
        expect({ case: form.name, causes: labCauses }).toEqual({ case: form.name, causes: verdict.causes });
        if (labCauses.length) {
          refused++;
          continue;
        }
        ctx.store.create(R.vm, vm as never);
        admitted.push({ c: { ...c, name: form.name }, block: verdict.migrationBlock });
      }
      // Both outcomes occur in the matrix, so neither side can pass by always saying one thing.
      expect(refused).toBeGreaterThan(20);
      expect(admitted.length).toBeGreaterThan(10);
      expect(admitted.some((a) => a.block)).toBe(true);
      expect(admitted.some((a) => !a.block)).toBe(true);
      for (const a of admitted) {
        const vmi = await waitFor(ctx.store, R.vmi, 'default', a.c.name, (v) =>
          v?.status?.conditions?.some((x: { type: string }) => x.type === 'LiveMigratable'),
        );
        const cond = vmi?.status?.conditions?.find((x: { type: string }) => x.type === 'LiveMigratable');
        const expected = a.block
          ? { status: 'False', reason: 'InterfaceNotLiveMigratable', message: a.block }
          : { status: 'True' };
        expect({
          case: a.c.name,
          cond: { status: cond.status, reason: cond.reason, message: cond.message },
        }).toEqual({
          case: a.c.name,
          cond: { status: expected.status, reason: expected.reason, message: expected.message },
        });
      }
      for (const a of admitted) ctx.store.delete(R.vm, 'default', a.c.name);
    }, 120_000);
  });
}
