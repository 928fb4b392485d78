import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { Lab } from '../../lab/lab';
import { buildVm } from '../../lab/demo/vm-builder';
import { createNamespace, expectStatus, labApi, P, startDemoLab, type LabApi } from '../support/lab-api';

const NS = 't-metrics';
let lab: Lab;
let api: LabApi;

beforeAll(async () => {
  lab = await startDemoLab();
  api = labApi(lab);
  await createNamespace(api, NS);
  expectStatus(await api.req('POST', P.vms(NS), buildVm({ name: 'watched', namespace: NS, memory: '2Gi' })), 201);
});
afterAll(async () => {
  await lab?.stop();
});

interface Opened {
  ws?: WebSocket;
  status?: number;
  body?: string;
  /** Everything received so far, and whether every frame was binary. */
  received: { data: Buffer; allBinary: boolean };
}

async function openWs(path: string, protocols: string[] = ['plain.kubevirt.io']): Promise<Opened> {
  const opts = await api.httpsOptions();
  const url = `${api.server.replace(/^https/, 'wss')}${path}`;
  return new Promise((resolve) => {
    const ws = new WebSocket(url, protocols, { ca: opts.ca, headers: opts.headers as Record<string, string> });
    const received = { data: Buffer.alloc(0), allBinary: true };
    ws.binaryType = 'nodebuffer';
    ws.on('message', (d: Buffer, isBinary: boolean) => {
      received.data = Buffer.concat([received.data, d]);
      received.allBinary &&= isBinary;
    });
    ws.on('open', () => resolve({ ws, received }));
    ws.on('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode, body, received }));
    });
    ws.on('error', () => undefined);
  });
}

async function until(o: Opened, pred: (text: string) => boolean, ms = 15_000): Promise<string> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const text = o.received.data.toString('latin1');
    if (pred(text)) return text;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`no matching data; got ${JSON.stringify(o.received.data.toString('latin1').slice(0, 200))}`);
}

describe('metrics and consoles through the API', () => {
  it('scrapes virt-handler metrics through the pod proxy, per node', async () => {
    const vmi = await api.waitFor(P.vmi(NS, 'watched'), (o) => o?.status?.phase === 'Running');
    const node = vmi.status.nodeName as string;
    const pods = (await api.req('GET', '/api/v1/namespaces/kubevirt/pods')).json.items.map((p: { metadata: { name: string } }) => p.metadata.name);
    expect(pods).toEqual(expect.arrayContaining(['virt-handler-central-node-1', 'virt-handler-central-node-2', 'virt-handler-central-node-3']));
    const r = await api.req('GET', `/api/v1/namespaces/kubevirt/pods/https:virt-handler-${node}:8443/proxy/metrics`, undefined, { accept: 'text/plain' });
    expect(r.status).toBe(200);
    expect(r.text).toContain('# TYPE kubevirt_vmi_migration_data_processed_bytes gauge');
    expect(r.text).toContain(`kubevirt_vmi_memory_available_bytes{namespace="${NS}",name="watched",node="${node}"} ${2 * 2 ** 30}`);
    expect(r.text).toMatch(new RegExp(`kubevirt_vmi_vcpu_seconds_total\\{namespace="${NS}",name="watched",node="${node}",id="0",state="running"\\} `));
    const other = ['central-node-1', 'central-node-2', 'central-node-3'].find((n) => n !== node);
    const r2 = await api.req('GET', `/api/v1/namespaces/kubevirt/pods/https:virt-handler-${other}:8443/proxy/metrics`, undefined, { accept: 'text/plain' });
    expect(r2.text).not.toContain(`name="watched",node="${node}"`);
  });

  it('fails the proxy forms a real cluster fails: bare name (port 80), http on the TLS port, another port', async () => {
    const pod = 'virt-handler-central-node-1';
    const get = (id: string) => api.req('GET', `/api/v1/namespaces/kubevirt/pods/${id}/proxy/metrics`, undefined, { accept: 'text/plain' });
    const bare = await get(pod);
    expect(bare.status).toBe(503);
    expect(bare.text).toMatch(/dial tcp [0-9.]+:80: connect: connection refused/);
    const plain = await get(`http:${pod}:8443`);
    expect(plain.status).toBe(400);
    expect(plain.text).toContain('Client sent an HTTP request to an HTTPS server.');
    const other = await get(`https:${pod}:9090`);
    expect(other.status).toBe(503);
    expect(other.text).toContain(':9090: connect: connection refused');
    expect((await get('https:virt-handler-nowhere:8443')).status).toBe(404);
    expect((await get('ftp:x:1')).status).toBe(400);
  });

  it('gives virt-handler pods ready container statuses (READY 1/1)', async () => {
    const pod = (await api.req('GET', '/api/v1/namespaces/kubevirt/pods/virt-handler-central-node-1')).json;
    expect(pod.status.containerStatuses).toEqual([expect.objectContaining({ name: 'virt-handler', ready: true, started: true, restartCount: 0, state: { running: { startedAt: expect.any(String) } } })]);
    expect(pod.status.conditions).toEqual(expect.arrayContaining([expect.objectContaining({ type: 'ContainersReady', status: 'True' }), expect.objectContaining({ type: 'Ready', status: 'True' })]));
  });

  it('exposes the demo migration progress as virt-handler migration metrics', async () => {
    const m = await api.waitFor('/apis/kubevirt.io/v1/namespaces/production/virtualmachineinstancemigrations/billing-api-rebalance', (o) => o?.status?.phase === 'Running', 60_000);
    // As virt-controller: the VMIM gets migrationState only once final; the live state is the VMI's.
    expect(m.status.migrationState).toBeUndefined();
    const vmi = (await api.req('GET', '/apis/kubevirt.io/v1/namespaces/production/virtualmachineinstances/billing-api')).json;
    expect(vmi.status.migrationState).toMatchObject({ migrationUid: m.metadata.uid, startTimestamp: expect.any(String) });
    const source = vmi.status.migrationState.sourceNode as string;
    const series = `{namespace="production",name="billing-api",node="${source}"}`;
    const read = async () => {
      const text = (await api.req('GET', `/api/v1/namespaces/kubevirt/pods/https:virt-handler-${source}:8443/proxy/metrics`, undefined, { accept: 'text/plain' })).text;
      const v = (name: string) => Number(new RegExp(`^${name}${series.replace(/[{}]/g, '\\$&')} (\\S+)$`, 'm').exec(text)?.[1] ?? 'NaN');
      return { total: v('kubevirt_vmi_migration_data_bytes_total'), processed: v('kubevirt_vmi_migration_data_processed_bytes'), remaining: v('kubevirt_vmi_migration_data_remaining_bytes'), rate: v('kubevirt_vmi_migration_memory_transfer_rate_bytes') };
    };
    let first = await read();
    for (let i = 0; i < 100 && !(first.processed > 0); i++) first = await read();
    expect(first.total).toBe(8 * 2 ** 30);
    expect(first.rate).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 500));
    const later = await read();
    expect(later.processed).toBeGreaterThan(first.processed);
  });

  it('serves VNC and serial over websockets with plain.kubevirt.io, one session per VMI', async () => {
    await api.waitFor(P.vmi(NS, 'watched'), (o) => o?.status?.phase === 'Running');
    const a = await openWs(`${P.vmiSub(NS, 'watched', 'vnc')}`);
    expect(a.ws?.protocol).toBe('plain.kubevirt.io');
    expect((await until(a, (t) => t.length >= 12)).slice(0, 12)).toBe('RFB 003.008\n');
    const refused = await openWs(`${P.vmiSub(NS, 'watched', 'vnc')}?preserveSession=true`);
    expect(refused.status).toBe(503);
    expect(JSON.parse(refused.body ?? '{}').message).toBe('Active VNC connection. Request denied.');
    const closed = new Promise<number>((resolve) => a.ws!.on('close', (code) => resolve(code)));
    const b = await openWs(`${P.vmiSub(NS, 'watched', 'vnc')}`);
    expect(await closed).toBe(1000);
    expect((await until(b, (t) => t.length >= 12)).slice(0, 12)).toBe('RFB 003.008\n');
    b.ws!.close();

    const serial = await openWs(P.vmiSub(NS, 'watched', 'console'));
    expect(serial.ws).toBeDefined();
    serial.ws!.send('echo dropped-text-frame\n');
    serial.ws!.send(Buffer.from('uname\n'), { binary: true });
    const text = await until(serial, (t) => t.includes('Linux'));
    expect(text).not.toContain('dropped-text-frame');
    expect(serial.received.allBinary).toBe(true);
    const m = await api.req('GET', `/api/v1/namespaces/kubevirt/pods/https:virt-handler-central-node-1:8443/proxy/metrics`, undefined, { accept: 'text/plain' });
    expect(m.text).toContain(`kubevirt_console_active_connections{namespace="${NS}",vmi="watched"} 1`);
    serial.ws!.close();
  });

  it('refuses consoles of a stopped VMI with 400/404 as virt-api does', async () => {
    expectStatus(await api.req('POST', P.vms(NS), buildVm({ name: 'never', namespace: NS, runStrategy: 'Halted' })), 201);
    const r = await openWs(P.vmiSub(NS, 'never', 'vnc'));
    expect(r.status).toBe(404);
  });
});
