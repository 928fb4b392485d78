/**
 * Nothing secret leaks: a whole run of two consoles against one lab — an OIDC console (session
 * secret, OIDC client secret, the console's impersonation token, a metrics token) where a user
 * signs in through the provider, and a local-mode console acting with a client-certificate
 * kubeconfig (the key) signed in by its one-time link — lists, watches through the multiplexer,
 * creates a VM, opens its VNC console, uploads a disk image with tus and scrapes /metrics. Every
 * log line both servers wrote and every response byte they sent (status, headers, bodies,
 * websocket frames) is then searched for each secret the run used: none may appear.
 */
import { Writable } from 'node:stream';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { SESSION_API } from '@/lib/api/session';
import { UPLOADS_TUS_PATH } from '@/lib/api/uploads';
import { WATCH_MUX_PATH } from '@/lib/api/watch-mux';
import type { RunningServer } from '@/server/start-server';
import { Browser, type CallOptions, type CallResult } from '../support/http-client';
import { startLab, type Lab } from '../../lab/lab';
import { eventually, exampleVm, startBff } from '../support/bff-env';
import { signInAt, startIdp, type TestIdp } from '../support/oidc-idp';
import { connectSocket } from '../support/ws-client';

const SESSION_SECRET = 'leak-check-session-secret-0123456789abcdef';
const CLIENT = { id: 'edgevirt-console', secret: 'leak-check-oidc-client-secret-0123456789' };
const METRICS_TOKEN = 'leak-check-metrics-token-0123456789abcdef';
const SITE = 'central';
const VMS = `/k8s/${SITE}/apis/kubevirt.io/v1/namespaces/default/virtualmachines`;

/** Everything the servers sent back, as text (binary frames as latin1, so every byte is kept). */
const seen: string[] = [];
const logs = new (class extends Writable {
  text = '';
  override _write(chunk: Buffer, _enc: string, done: () => void): void {
    this.text += chunk.toString('utf8');
    done();
  }
})();

/** A Browser that keeps every response it received. */
class RecordingBrowser extends Browser {
  override async call(method: string, path: string, opts: CallOptions = {}): Promise<CallResult> {
    const r = await super.call(method, path, opts);
    seen.push(`${r.status} ${JSON.stringify(r.headers)}\n${r.text}`);
    return r;
  }
}

let lab: Lab;
let idp: TestIdp;
let oidc: RunningServer;
let local: RunningServer;
let certKey = '';
let signInToken = '';

function record(ws: WebSocket): void {
  ws.once('upgrade', (res) => seen.push(JSON.stringify(res.headers)));
  ws.on('message', (data: Buffer) => seen.push(data.toString('latin1')));
}

beforeAll(async () => {
  // As startTestLab does, with the lab's own handle (it writes certificate kubeconfigs).
  process.env.EDGEVIRT_QEMU_CAP ??= '0';
  lab = await startLab({ sites: [SITE], seed: 'demo', timeScale: 0.05 });
  // The redirect URI names the server's port: learn a free one first.
  const probe = await startBff(lab, { auth: 'token', sessionSecret: SESSION_SECRET });
  const port = Number(new URL(probe.url).port);
  await probe.close();
  const redirectUri = `http://127.0.0.1:${port}/api/auth/oidc/callback`;
  idp = await startIdp({ olga: ['edgevirt:operators'] }, { ...CLIENT, redirectUri });
  const log = { level: 'debug' as const, destination: logs };
  oidc = await startBff(lab, {
    port,
    auth: 'oidc',
    sessionSecret: SESSION_SECRET,
    consoleToken: lab.tokens.console,
    metricsToken: METRICS_TOKEN,
    log,
    oidc: {
      issuer: idp.issuer,
      clientId: CLIENT.id,
      clientSecret: CLIENT.secret,
      redirectUri,
      usernameClaim: 'preferred_username',
    },
  });
  const certKubeconfig = lab.certificateKubeconfig('cert-admin', ['system:masters']);
  const users = (parse(certKubeconfig) as { users: { user: { 'client-key-data': string } }[] }).users;
  certKey = Buffer.from(users[0]?.user['client-key-data'] ?? '', 'base64').toString('utf8');
  expect(certKey).toContain('PRIVATE KEY');
  local = await startBff(lab, {
    auth: 'local',
    kubeconfigYaml: certKubeconfig,
    metricsToken: METRICS_TOKEN,
    log,
    uploads: {},
  });
  signInToken = new URL(local.signInUrl ?? '').searchParams.get('token') ?? '';
  expect(signInToken.length).toBeGreaterThan(16);
}, 90_000);

afterAll(async () => {
  await oidc?.close();
  await local?.close();
  await idp?.close();
  await lab?.stop();
});

async function csrfOf(b: Browser): Promise<string> {
  return (await b.call('GET', SESSION_API.session)).json<{ csrfToken: string }>().csrfToken;
}

/** Opens one watch through the multiplexer and waits until it delivers `name`. */
async function watchUntil(b: Browser, name: string, create: () => Promise<void>): Promise<void> {
  const ws = new WebSocket(b.base.replace(/^http/, 'ws') + WATCH_MUX_PATH, {
    headers: { cookie: b.cookieHeader() },
    origin: b.origin,
  });
  record(ws);
  let text = '';
  ws.on('message', (d: Buffer) => (text += d.toString('utf8')));
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  ws.send(
    JSON.stringify({
      op: 'watch',
      id: 1,
      site: SITE,
      path: '/apis/kubevirt.io/v1/virtualmachines',
      query: {},
    }),
  );
  await eventually(async () => text.includes('"open"'));
  await create();
  await eventually(async () => text.includes(name));
  ws.close();
}

describe('a whole run leaks no secret into logs or responses', () => {
  it('OIDC console: sign-in through the provider, list, watch, create, metrics', async () => {
    const b = new RecordingBrowser(oidc.url);
    const jar = new Map<string, Map<string, string>>();
    const callback = await signInAt(
      `${oidc.url}${SESSION_API.oidcLogin}?returnTo=/vms`,
      'olga',
      `${oidc.url}/api/auth/oidc/callback`,
      jar,
    );
    for (const [k, v] of jar.get(b.origin) ?? []) b.cookies.set(k, v);
    const u = new URL(callback);
    expect((await b.call('GET', u.pathname + u.search)).status).toBe(303);
    const csrf = await csrfOf(b);
    expect((await b.call('GET', VMS)).status).toBe(200);
    await watchUntil(b, 'leak-oidc-vm', async () => {
      const r = await b.write('POST', VMS, exampleVm('leak-oidc-vm'), csrf);
      expect(r.status, r.text).toBe(201);
    });
    expect(
      (await b.call('GET', '/metrics', { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).status,
    ).toBe(200);
    expect(
      (await b.call('GET', '/metrics', { headers: { authorization: 'Bearer wrong-token-0123456789' } }))
        .status,
    ).toBe(401);
  });

  it('certificate console: sign-in link, list, watch, VNC console, tus upload', async () => {
    const b = new RecordingBrowser(local.url);
    const link = new URL(local.signInUrl ?? '');
    expect((await b.call('GET', link.pathname + link.search)).status).toBe(303);
    const csrf = await csrfOf(b);
    expect((await b.call('GET', VMS)).status).toBe(200);
    await watchUntil(b, 'leak-cert-vm', async () => {
      const r = await b.write('POST', VMS, exampleVm('leak-cert-vm', 'Always'), csrf);
      expect(r.status, r.text).toBe(201);
    });
    const vmi = `/k8s/${SITE}/apis/kubevirt.io/v1/namespaces/default/virtualmachineinstances/leak-cert-vm`;
    await eventually(async () => {
      const r = await b.call('GET', vmi);
      return r.status === 200 && r.json<{ status?: { phase?: string } }>().status?.phase === 'Running';
    }, 60_000);
    const vnc = await connectSocket(
      local.url.replace(/^http/, 'ws') + vmi.replace('/kubevirt.io/', '/subresources.kubevirt.io/') + '/vnc',
      { origin: b.origin, cookie: b.cookieHeader() },
    );
    record(vnc.ws);
    await vnc.rfb.handshake();
    vnc.rfb.requestUpdate(false);
    await eventually(async () => seen.length > 0);
    vnc.ws.close();

    const dv = {
      apiVersion: 'cdi.kubevirt.io/v1beta1',
      kind: 'DataVolume',
      metadata: { name: 'leak-dv', namespace: 'default' },
      spec: { source: { upload: {} }, storage: { resources: { requests: { storage: '1Gi' } } } },
    };
    const created = await b.write(
      'POST',
      `/k8s/${SITE}/apis/cdi.kubevirt.io/v1beta1/namespaces/default/datavolumes`,
      dv,
      csrf,
    );
    expect(created.status, created.text).toBe(201);
    const b64 = (s: string) => Buffer.from(s).toString('base64');
    const tus = { origin: b.origin, 'x-csrf-token': csrf, 'tus-resumable': '1.0.0' };
    const post = await b.call('POST', UPLOADS_TUS_PATH, {
      headers: {
        ...tus,
        'upload-length': '8',
        'upload-metadata': `site ${b64(SITE)},namespace ${b64('default')},name ${b64('leak-dv')},filename ${b64('d.img')}`,
      },
    });
    expect(post.status, post.text).toBe(201);
    const location = new URL(String(post.headers.location), b.origin).pathname;
    const patch = await b.call('PATCH', location, {
      headers: { ...tus, 'upload-offset': '0', 'content-type': 'application/offset+octet-stream' },
      body: Buffer.from('abcdefgh'),
    });
    expect(patch.status, patch.text).toBe(204);
    expect(
      (await b.call('GET', '/metrics', { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).status,
    ).toBe(200);
  }, 120_000);

  it('finds none of the secrets in the logs or in anything the servers sent', () => {
    const keyBody = certKey
      .split('\n')
      .filter((l) => l && !l.startsWith('-----'))
      .join('');
    const secrets: Record<string, string> = {
      'session secret': SESSION_SECRET,
      'OIDC client secret': CLIENT.secret,
      'metrics token': METRICS_TOKEN,
      'sign-in link token': signInToken,
      'admin token': lab.tokens.admin,
      'operator token': lab.tokens.operator,
      'viewer token': lab.tokens.viewer,
      'console token': lab.tokens.console,
      'client key (PEM body)': keyBody,
      'client key (first line)': keyBody.slice(0, 40),
      'client key (kubeconfig base64)': Buffer.from(certKey).toString('base64').slice(0, 60),
    };
    // The run did what it claims: logs and responses were captured.
    expect(logs.text).toContain('"reqId"');
    for (const logged of [
      '/api/auth/oidc/callback?code=[redacted]',
      '/?token=[redacted]',
      '/api/uploads/tus/',
      '/metrics',
    ])
      expect(logs.text).toContain(logged);
    expect(seen.length).toBeGreaterThan(20);
    const haystacks = { logs: logs.text, responses: seen.join('\n') };
    const found: string[] = [];
    for (const [what, value] of Object.entries(secrets)) {
      expect(value.length, what).toBeGreaterThan(15);
      for (const [where, text] of Object.entries(haystacks))
        if (text.includes(value)) found.push(`${what} in ${where}`);
    }
    expect(found).toEqual([]);
  });
});
