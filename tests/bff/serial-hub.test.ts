/**
 * The serial hub against the lab over real websockets: one upstream shared by two browsers,
 * output produced while nobody was attached replayed on reconnect, the buffer download, a
 * viewer refused by the cluster, the embed link's limits, and recovery after the lab's API
 * server restarts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { RunningServer } from '@/server/start-server';
import { Browser } from '../support/http-client';
import { readFileSync } from 'node:fs';
import { eventually, startBff, startTestLab, tempFile, type Lab } from '../support/bff-env';
import type { ByteReader } from '../support/byte-reader';
import type { RfbClient } from '../support/rfb-client';
import { connectSocket, openSocket } from '../support/ws-client';
import { parse } from 'yaml';

const SITE = 'site-factory-01';
const NS = 'default';
const VM = 'plc-gateway';
const hubPath = `/api/console/serial/${SITE}/${NS}/${VM}`;

const auditPath = tempFile('audit.jsonl');
let lab: Lab;
let server: RunningServer;
let browser: Browser;
let csrf: string;

/**
 * Opens the hub's websocket like a browser (Origin, cookie). The byte reader is attached before
 * the handshake completes: the hub's replay may arrive in the same packet as the 101 answer.
 */
async function attach(opts: { cookie?: string; origin?: string; query?: string } = {}): Promise<{ ws: WebSocket; stream: ByteReader }> {
  const cookie = opts.cookie ?? browser.cookieHeader();
  const { ws, stream } = await connectSocket(`${server.url.replace('http', 'ws')}${hubPath}${opts.query ?? ''}`, {
    protocols: ['plain.kubevirt.io'],
    origin: opts.origin ?? browser.origin,
    cookie,
  });
  return { ws, stream };
}

/** A client on the site's own console subresource, as `virtctl console` dials it (the lab's admin token). */
async function virtctlConsole(): Promise<WebSocket> {
  const doc = parse(lab.kubeconfig) as {
    clusters: { name: string; cluster: { server: string; 'certificate-authority-data': string } }[];
    users: { name: string; user: { token: string } }[];
  };
  const cluster = doc.clusters.find((c) => c.name === SITE)!.cluster;
  const token = doc.users.find((u) => u.name === 'admin')!.user.token;
  const url = `${cluster.server.replace('https', 'wss')}/apis/subresources.kubevirt.io/v1/namespaces/${NS}/virtualmachineinstances/${VM}/console`;
  const ws = new WebSocket(url, ['plain.kubevirt.io'], { ca: Buffer.from(cluster['certificate-authority-data'], 'base64'), headers: { authorization: `Bearer ${token}` } });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return ws;
}

function closed(ws: WebSocket): Promise<number> {
  return new Promise((resolve) => ws.once('close', (code: number) => resolve(code)));
}

beforeAll(async () => {
  // Both running VMs of this site as real QEMU guests (the suite's default cap is one).
  process.env.EDGEVIRT_QEMU_CAP = '2';
  lab = await startTestLab({ sites: [SITE] });
  server = await startBff(lab, { auth: 'local', frameAncestors: ['http://127.0.0.2:*'], auditLog: auditPath });
  browser = new Browser(server.url);
  const link = new URL(server.signInUrl ?? '');
  await browser.call('GET', link.pathname + link.search);
  csrf = (await browser.call('GET', '/api/session')).json<{ csrfToken: string }>().csrfToken;
  await eventually(async () => {
    const r = await browser.call('GET', `/k8s/${SITE}/apis/kubevirt.io/v1/namespaces/${NS}/virtualmachineinstances/${VM}`);
    return r.status === 200 && r.json<{ status?: { phase?: string } }>().status?.phase === 'Running';
  }, 120_000);
  // Running is reported before the guest's shell is up (it boots in a few seconds, longer on a
  // busy machine): wait until the serial shell answers.
  await eventually(async () => {
    const probe = await attach();
    try {
      probe.ws.send(Buffer.from('\n'));
      await probe.stream.until('# ', 3_000);
      return true;
    } finally {
      probe.ws.close();
    }
  }, 180_000, 500);
}, 420_000);

afterAll(async () => {
  await server?.close();
  await lab?.stop();
});

describe('serial hub against the lab', () => {
  it('shares one upstream between two browsers', async () => {
    const a = await eventually(() => attach().catch(() => undefined), 60_000, 500);
    const b = await attach();
    a.ws.send(Buffer.from('\necho shared-$((6*7))\n'));
    await a.stream.until('shared-42', 30_000);
    await b.stream.until('shared-42', 30_000);
    a.ws.close();
    b.ws.close();
  });

  it('replays output produced while nobody was attached, and offers it for download', async () => {
    const a = await attach();
    a.ws.send(Buffer.from('sleep 2; echo while-away-$((6*7))\n'));
    await a.stream.until('sleep 2', 15_000);
    a.ws.close();
    await new Promise((r) => setTimeout(r, 3_500));
    const b = await attach();
    const seen = await b.stream.until('while-away-42', 15_000);
    expect(seen).toContain('while-away-42');
    const dl = await browser.call('GET', `${hubPath}/buffer`);
    expect(dl.status).toBe(200);
    expect(dl.headers['content-disposition']).toBe(`attachment; filename="${VM}-serial.log"`);
    expect(dl.text).toContain('while-away-42');
    b.ws.close();
  });

  it('does not take the line back from virtctl: its browsers are told (4409) and the direct client keeps the session', async () => {
    const a = await attach();
    const code = closed(a.ws);
    const direct = await virtctlConsole();
    let directClosed = false;
    direct.on('close', () => (directClosed = true));
    expect(await code).toBe(4409);
    // The old hub re-dialled during its linger and kicked a direct client 33 times in 25 s.
    await new Promise((r) => setTimeout(r, 5_000));
    expect(directClosed).toBe(false);
    const out: Buffer[] = [];
    direct.on('message', (d: Buffer) => out.push(d));
    direct.send(Buffer.from('echo direct-$((6*7))\n'));
    await eventually(async () => Buffer.concat(out).toString().includes('direct-42'), 15_000);
    direct.close();
    await closed(direct);
  });

  it('two console replicas do not fight over the line: the one that lost it tells its browsers and stays off', async () => {
    const other = await startBff(lab, { auth: 'local' });
    try {
      const otherBrowser = new Browser(other.url);
      const link = new URL(other.signInUrl ?? '');
      await otherBrowser.call('GET', link.pathname + link.search);
      const a = await attach();
      const code = closed(a.ws);
      const { ws: b, stream } = await connectSocket(`${other.url.replace('http', 'ws')}${hubPath}`, { protocols: ['plain.kubevirt.io'], origin: otherBrowser.origin, cookie: otherBrowser.cookieHeader() });
      expect(await code).toBe(4409);
      let bClosed = false;
      b.on('close', () => (bClosed = true));
      await new Promise((r) => setTimeout(r, 4_000));
      expect(bClosed).toBe(false);
      b.send(Buffer.from('echo replica-b-$((6*7))\n'));
      await stream.until('replica-b-42', 15_000);
      b.close();
    } finally {
      await other.close();
    }
  });

  it('counts serial consoles against the per-user console limit, and audits the refusal', async () => {
    const open = [];
    for (let i = 0; i < 8; i++) open.push(await attach());
    const over = await openSocket(`${server.url.replace('http', 'ws')}${hubPath}`, { origin: browser.origin, cookie: browser.cookieHeader(), protocols: ['plain.kubevirt.io'] });
    expect(over.status).toBe(429);
    for (const o of open) o.ws.close();
    await Promise.all(open.map((o) => (o.ws.readyState === WebSocket.CLOSED ? undefined : closed(o.ws))));
    const again = await eventually(() => attach().catch(() => undefined), 10_000, 200);
    again.ws.close();
    await eventually(async () => readFileSync(auditPath, 'utf8').split('\n').some((l) => l.includes('"verb":"serial"') && l.includes('"status":429')));
  });

  it('refuses a viewer without a session, and one from another origin', async () => {
    const anon = await openSocket(`${server.url.replace('http', 'ws')}${hubPath}`, { origin: browser.origin, protocols: ['plain.kubevirt.io'] });
    expect(anon.status).toBe(401);
    const foreign = await openSocket(`${server.url.replace('http', 'ws')}${hubPath}`, { origin: 'http://127.0.0.9:1', cookie: browser.cookieHeader() });
    expect(foreign.status).toBe(403);
  });

  it('an embed link is limited to its VM and view-only', async () => {
    const mint = await browser.write('POST', '/api/console/embed-links', { site: SITE, namespace: NS, name: VM, kind: 'serial', viewOnly: true, origins: ['http://127.0.0.2:8080'] }, csrf);
    expect(mint.status).toBe(201);
    const { token } = mint.json<{ token: string }>();
    const q = `?embed=${encodeURIComponent(token)}`;
    const viewer = await attach({ cookie: '', origin: 'http://127.0.0.2:8080', query: q });
    const typer = await attach();
    viewer.ws.send(Buffer.from('echo from-viewer-$((6*7))\n'));
    typer.ws.send(Buffer.from('echo from-typer-$((6*7))\n'));
    await viewer.stream.until('from-typer-42', 15_000);
    expect(viewer.stream.total).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 1_000));
    const text = (await viewer.stream.until('from-typer-42', 1_000));
    expect(text).not.toContain('from-viewer-42');
    const other = await openSocket(`${server.url.replace('http', 'ws')}/api/console/serial/${SITE}/${NS}/hmi-panel${q}`, { origin: 'http://127.0.0.2:8080' });
    expect(other.status).toBe(403);
    viewer.ws.close();
    typer.ws.close();
  });

  it('survives a lab API server restart: browsers are told, and reattach to a fresh upstream', async () => {
    const a = await attach();
    const code = closed(a.ws);
    await lab.site(SITE).restart();
    expect(await code).toBe(1012);
    const b = await eventually(() => attach().catch(() => undefined), 60_000, 500);
    b.ws.send(Buffer.from('echo after-restart-$((6*7))\n'));
    await b.stream.until('after-restart-42', 30_000);
    b.ws.close();
  });
});

describe('VNC embed links', () => {
  const PORTAL = 'http://127.0.0.2:8080';
  const vncUrl = (token: string) =>
    `${server.url.replace('http', 'ws')}/k8s/${SITE}/apis/subresources.kubevirt.io/v1/namespaces/${NS}/virtualmachineinstances/${VM}/vnc?preserveSession=true&embed=${encodeURIComponent(token)}`;

  async function link(viewOnly: boolean): Promise<string> {
    const r = await browser.write('POST', '/api/console/embed-links', { site: SITE, namespace: NS, name: VM, kind: 'vnc', viewOnly, origins: [PORTAL] }, csrf);
    expect(r.status).toBe(201);
    return r.json<{ token: string }>().token;
  }

  /** A VNC viewer from the portal's origin, past the RFB handshake. */
  async function vnc(url: string): Promise<{ ws: WebSocket; rfb: RfbClient }> {
    const { ws, rfb } = await connectSocket(url, { origin: PORTAL });
    await rfb.handshake();
    return { ws, rfb };
  }

  async function buffered(): Promise<string> {
    return (await browser.call('GET', `${hubPath}/buffer`)).text;
  }

  it('a view-only link drops key events on the server; a typing link delivers them', async () => {
    // Keep the serial hub attached so the guest's serial output is buffered.
    const hold = await attach();
    const viewer = await vnc(vncUrl(await link(true)));
    expect([viewer.rfb.init.width, viewer.rfb.init.height]).toEqual([720, 400]);
    await viewer.rfb.typePaced('\necho viewonly-$((6*7)) > /dev/ttyS0\n', 5);
    viewer.ws.close();
    await new Promise((r) => setTimeout(r, 1_500));
    const typing = await link(false);
    const typer = await eventually(() => vnc(vncUrl(typing)).catch(() => undefined), 30_000, 500);
    await typer.rfb.typePaced('\necho typer-$((6*7)) > /dev/ttyS0\n', 5);
    await eventually(async () => (await buffered()).includes('typer-42'), 30_000, 250);
    expect(await buffered()).not.toContain('viewonly-42');
    typer.ws.close();
    hold.ws.close();
    // Both VNC sessions went through the one bridge: each is audited when it ends, the
    // view-only one marked so.
    const vncEnds = await eventually(async () => {
      const lines = readFileSync(auditPath, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
      const ends = lines.filter((l) => l.type === 'console' && l.verb === 'vnc' && typeof l.durationMs === 'number');
      return ends.length >= 2 ? ends : undefined;
    });
    expect(vncEnds.map((e) => e.detail)).toEqual(expect.arrayContaining(['via embed view-only', 'via embed']));
    expect(vncEnds.find((e) => e.detail === 'via embed view-only')?.bytesOut).toBeGreaterThan(0);
  });
});
