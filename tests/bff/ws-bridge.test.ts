import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '@/server/start-server';
import { Browser } from '../support/http-client';
import { eventually, exampleVm, startBff, startTestLab, tempFile, type Lab } from '../support/bff-env';
import { openSocket } from '../support/ws-client';
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';

const SITE = 'central';
const VM = 'bff-console';
let lab: Lab;
let server: RunningServer;
let browser: Browser;
let wsBase: string;
const auditPath = tempFile('audit.jsonl');
const socketPath = (kind: 'vnc' | 'console', name = VM) => `/k8s/${SITE}/apis/subresources.kubevirt.io/v1/namespaces/default/virtualmachineinstances/${name}/${kind}`;

beforeAll(async () => {
  lab = await startTestLab({ sites: [SITE] });
  server = await startBff(lab, { auth: 'local', auditLog: auditPath, limits: { maxConsolesPerUser: 2, wsHighWaterBytes: 256 * 1024 } });
  browser = new Browser(server.url);
  const link = new URL(server.signInUrl ?? '');
  await browser.call('GET', link.pathname + link.search);
  wsBase = server.url.replace(/^http/, 'ws');
});

afterAll(async () => {
  await server?.close();
  await lab?.stop();
});

describe('websocket bridge: refusals before the handshake', () => {
  it('refuses a cross-origin websocket with 403', async () => {
    const r = await openSocket(wsBase + socketPath('vnc'), { origin: 'https://evil.example', cookie: browser.cookieHeader() });
    expect(r.status).toBe(403);
    expect(JSON.parse(r.body ?? '{}')).toMatchObject({ kind: 'Status', reason: 'Forbidden' });
  });

  it('refuses a signed-out websocket with 401', async () => {
    const r = await openSocket(wsBase + socketPath('console'), { origin: browser.origin });
    expect(r.status).toBe(401);
  });

  it("passes the cluster's refusal through (no such VMI) without opening the browser socket", async () => {
    const r = await openSocket(wsBase + socketPath('vnc', 'no-such-vm'), { origin: browser.origin, cookie: browser.cookieHeader() });
    expect(r.status).toBe(404);
  });

  it('refuses websocket paths outside the console subresources', async () => {
    const r = await openSocket(wsBase + `/k8s/${SITE}/apis/subresources.kubevirt.io/v1/namespaces/default/virtualmachineinstances/${VM}/portforward/22`, {
      origin: browser.origin,
      cookie: browser.cookieHeader(),
    });
    expect(r.status).toBe(403);
  });
});

describe('websocket bridge: real sessions', () => {
  beforeAll(async () => {
    const csrf = (await browser.call('GET', '/api/session')).json<{ csrfToken: string }>().csrfToken;
    const created = await browser.write('POST', `/k8s/${SITE}/apis/kubevirt.io/v1/namespaces/default/virtualmachines`, exampleVm(VM, 'Always'), csrf);
    expect(created.status).toBe(201);
    await eventually(async () => {
      const r = await browser.call('GET', `/k8s/${SITE}/apis/kubevirt.io/v1/namespaces/default/virtualmachineinstances/${VM}`);
      return r.status === 200 && r.json<{ status?: { phase?: string } }>().status?.phase === 'Running';
    }, 60_000);
  });

  it('bridges a VNC session both ways (RFB handshake and a framebuffer update)', async () => {
    const r = await openSocket(wsBase + socketPath('vnc'), { origin: browser.origin, cookie: browser.cookieHeader() });
    expect(r.status).toBeUndefined();
    const ws = r.ws!;
    expect(r.protocol).toBe(''); // noVNC offers no subprotocol, and gets none
    const rfb = r.rfb!;
    const fb = await rfb.handshake();
    expect(fb.version).toBe('RFB 003.008\n');
    expect(fb.width).toBeGreaterThan(0);
    rfb.requestUpdate(false);
    expect((await rfb.readUpdate()).length).toBeGreaterThan(0); // a FramebufferUpdate with rectangles
    const closed = new Promise<number>((res) => ws.once('close', (code) => res(code)));
    ws.close(1000, 'done');
    expect(await closed).toBe(1000);
    const entry = await eventually(async () =>
      readFileSync(auditPath, 'utf8')
        .trim()
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Record<string, unknown>)
        .find((l) => l.type === 'console' && l.verb === 'vnc' && l.status === 'browser:1000'),
    );
    // The client address is read when the session starts: after the close it is gone.
    expect(entry).toMatchObject({ site: SITE, status: 'browser:1000', resource: socketPath('vnc').replace(`/k8s/${SITE}`, ''), remote: '127.0.0.1' });
    expect(entry.bytesOut as number).toBeGreaterThan(12);
  });

  it('refuses a malformed handshake before dialling: the VNC session someone holds is not taken', async () => {
    const holder = await openSocket(wsBase + socketPath('vnc'), { origin: browser.origin, cookie: browser.cookieHeader() });
    expect(holder.status, holder.body).toBeUndefined();
    await holder.rfb!.handshake();
    let holderClosed = false;
    holder.ws!.on('close', () => (holderClosed = true));
    const { hostname, port } = new URL(server.url);
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect({ host: hostname, port: Number(port) });
      let text = '';
      socket.setEncoding('latin1');
      socket.on('data', (d) => (text += d));
      socket.on('end', () => resolve(text));
      socket.on('error', reject);
      // Sec-WebSocket-Key is not 16 bytes of base64: ws would refuse it after the dial.
      socket.end(
        `GET ${socketPath('vnc')} HTTP/1.1\r\nHost: ${new URL(server.url).host}\r\nOrigin: ${browser.origin}\r\nCookie: ${browser.cookieHeader()}\r\n` +
          'Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: short\r\n\r\n',
      );
    });
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    expect(answer).toContain('Sec-WebSocket-Key');
    await new Promise((r) => setTimeout(r, 1_000));
    expect(holderClosed).toBe(false);
    holder.ws!.close();
    await eventually(async () => server.bridges().length === 0);
  });

  it('bridges a serial session both ways with the plain.kubevirt.io subprotocol', async () => {
    const r = await openSocket(wsBase + socketPath('console'), { origin: browser.origin, cookie: browser.cookieHeader(), protocols: ['plain.kubevirt.io'] });
    expect(r.status, r.body).toBeUndefined();
    const ws = r.ws!;
    expect(r.protocol).toBe('plain.kubevirt.io');
    const s = r.stream!;
    try {
      // Like a user pressing Enter until the prompt answers: the guest's serial line may attach
      // a moment after the websocket opens.
      const typing = setInterval(() => ws.send(Buffer.from('uname -a\r')), 500);
      try {
        ws.send(Buffer.from('uname -a\r'));
        expect(await s.until('GNU/Linux')).toContain('GNU/Linux');
      } finally {
        clearInterval(typing);
      }
    } finally {
      ws.close();
    }
    await eventually(async () => server.bridges().length === 0);
  });

  it('limits concurrent consoles per user (429 over the limit)', async () => {
    const a = await openSocket(wsBase + socketPath('vnc'), { origin: browser.origin, cookie: browser.cookieHeader() });
    const b = await openSocket(wsBase + socketPath('console'), { origin: browser.origin, cookie: browser.cookieHeader() });
    expect(a.status, a.body).toBeUndefined();
    expect(b.status, b.body).toBeUndefined();
    await eventually(async () => server.bridges().length === 2);
    const c = await openSocket(wsBase + socketPath('console'), { origin: browser.origin, cookie: browser.cookieHeader() });
    expect(c.status).toBe(429);
    a.ws?.close();
    b.ws?.close();
    await eventually(async () => server.bridges().length === 0);
  });

  it('keeps a slow VNC reader bounded: the bridge queue stays under the limit while the guest is held back', async () => {
    const r = await openSocket(wsBase + socketPath('vnc'), { origin: browser.origin, cookie: browser.cookieHeader() });
    expect(r.status, r.body).toBeUndefined();
    const ws = r.ws!;
    const s = r.stream!;
    const rfb = r.rfb!;
    await rfb.handshake();
    // Stop reading, then ask for 300 full-screen updates (hundreds of MB of pixels).
    ws.pause();
    for (let i = 0; i < 300; i++) rfb.requestUpdate(false);
    let maxQueued = 0;
    const started = Date.now();
    while (Date.now() - started < 3000) {
      for (const b of server.bridges()) maxQueued = Math.max(maxQueued, b.buffered().toBrowser);
      await new Promise((res) => setTimeout(res, 20));
    }
    expect(server.bridges().length).toBe(1);
    expect(maxQueued).toBeLessThanOrEqual(256 * 1024 + 4 * 1024 * 1024);
    const before = s.total;
    ws.resume();
    await eventually(async () => s.total > before + 1024 * 1024);
    ws.terminate();
  });
});
