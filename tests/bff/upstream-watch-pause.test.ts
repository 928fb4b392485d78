/**
 * A watch the multiplexer pauses before the cluster has answered (a socket that is already
 * backed up opens another watch) must stay paused once the answer arrives: real lab, real TLS.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiPath } from '@/lib/k8s/api-path';
import { VM_GVR } from '@/lib/k8s/resources/virtual-machine';
import type { Principal } from '@/server/auth/types';
import type { RunningServer } from '@/server/start-server';
import { openUpstreamWatch } from '@/server/watch/upstream-watch';
import { eventually, startBff, startTestLab, type Lab } from '../support/bff-env';

let lab: Lab;
let server: RunningServer;
const admin: Principal = {
  user: { username: 'admin', groups: ['system:masters'] },
  credential: { kind: 'service' },
  via: 'test',
};

beforeAll(async () => {
  lab = await startTestLab({ sites: ['central'] });
  server = await startBff(lab);
}, 60_000);

afterAll(async () => {
  await server?.close();
  await lab?.stop();
});

describe('an upstream watch paused before its answer', () => {
  it('delivers nothing until resumed, then the existing VMs as ADDED', async () => {
    const lines: string[] = [];
    let opened = false;
    let ended: unknown;
    const watch = openUpstreamWatch(
      server.context,
      admin,
      { op: 'watch', id: 1, site: 'central', path: apiPath(VM_GVR, {}), query: {} },
      {
        open: () => (opened = true),
        lines: (l) => lines.push(...l),
        end: (err) => (ended = err ?? 'ended'),
      },
    );
    watch.pause();
    await eventually(async () => opened || undefined, 20_000, 20);
    // The lab answers a watch without resourceVersion with one ADDED per existing VM at once.
    await new Promise((r) => setTimeout(r, 750));
    expect(lines).toHaveLength(0);
    expect(ended).toBeUndefined();
    watch.resume();
    await eventually(async () => lines.length > 0 || undefined, 20_000, 20);
    const first = JSON.parse(lines[0] ?? '') as { type: string; object: { kind: string } };
    expect(first).toMatchObject({ type: 'ADDED', object: { kind: 'VirtualMachine' } });
    watch.cancel();
  });
});
