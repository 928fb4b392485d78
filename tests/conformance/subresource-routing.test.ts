import { connect } from 'node:tls';
import { Agent, request } from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiExtensions, PodProxyCall, SubresourceCall } from '../../lab/apiserver/extensions';
import { ApiServer } from '../../lab/apiserver/server';
import { newTokens, type LabTokens } from '../../lab/auth/identities';
import { seedRbac } from '../../lab/auth/seed';
import { seedBase } from '../../lab/kinds/seed-base';
import { ObjectStore } from '../../lab/store/object-store';
import { createCa } from '../../lab/tls/ca';

/**
 * The API server's side of the contract with the controllers: which calls reach the
 * extension hooks, with what, and which are refused before (authn, RBAC, unknown paths).
 * The hooks here only record what they receive.
 */
describe('subresource, pod proxy and websocket routing', () => {
  const calls: SubresourceCall[] = [];
  const proxied: PodProxyCall[] = [];
  const upgrades: SubresourceCall[] = [];
  const ext: ApiExtensions = {
    subresource: async (call) => {
      calls.push(call);
      return { status: 202 };
    },
    podProxy: async (call) => {
      proxied.push(call);
      return { status: 200, body: 'metric 1\n', contentType: 'text/plain' };
    },
    upgrade: (call, _req, socket) => {
      upgrades.push(call);
      socket.end('HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n');
    },
  };
  let server: ApiServer;
  let tokens: LabTokens;
  let ca: string;

  beforeAll(async () => {
    const store = new ObjectStore();
    seedBase(store);
    seedRbac(store);
    const labCa = createCa();
    ca = labCa.cert;
    tokens = newTokens();
    server = new ApiServer({ name: 't', store, tokens, tls: labCa.issue('t', ['127.0.0.1', 'localhost']), host: '127.0.0.1', extensions: () => ext });
    await server.start();
  });
  afterAll(async () => {
    await server.stop();
  });

  const call = (method: string, path: string, token: string, body?: string) => {
    const url = new URL(server.url);
    return new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request({ host: url.hostname, port: url.port, path, method, agent: new Agent({ ca }), headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
      });
      req.on('error', reject);
      req.end(body);
    });
  };

  const upgrade = (path: string, headers: Record<string, string>) => {
    const url = new URL(server.url);
    return new Promise<string>((resolve, reject) => {
      const socket = connect({ host: url.hostname, port: Number(url.port), ca, servername: 'localhost' }, () => {
        const lines = Object.entries({ Host: url.host, Connection: 'Upgrade', Upgrade: 'websocket', 'Sec-WebSocket-Version': '13', 'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==', ...headers }).map(([k, v]) => `${k}: ${v}`);
        socket.write(`GET ${path} HTTP/1.1\r\n${lines.join('\r\n')}\r\n\r\n`);
      });
      let data = '';
      socket.on('data', (d) => (data += d.toString()));
      socket.on('end', () => resolve(data));
      socket.on('error', reject);
    });
  };

  it('routes PUT start to the hook with parsed body, user and subresource', async () => {
    const r = await call('PUT', '/apis/subresources.kubevirt.io/v1/namespaces/default/virtualmachines/vm1/start', tokens.operator, '{"paused":true}');
    expect(r.status).toBe(202);
    expect(calls.at(-1)).toMatchObject({ method: 'PUT', version: 'v1', namespace: 'default', resource: 'virtualmachines', name: 'vm1', subresource: 'start', body: { paused: true } });
    expect(calls.at(-1)?.user.username).toBe('operator');
  });

  it('checks RBAC before the hook: viewers cannot start VMs, nobody without a token', async () => {
    const before = calls.length;
    const r = await call('PUT', '/apis/subresources.kubevirt.io/v1/namespaces/default/virtualmachines/vm1/start', tokens.viewer);
    expect(r.status).toBe(403);
    expect(JSON.parse(r.body).message).toContain('cannot update resource "virtualmachines/start" in API group "subresources.kubevirt.io"');
    expect((await call('PUT', '/apis/subresources.kubevirt.io/v1/namespaces/default/virtualmachines/vm1/start', 'bad')).status).toBe(401);
    expect(calls.length).toBe(before);
  });

  it('maps multi-segment subresources and v1alpha3, and 404s unknown ones', async () => {
    expect((await call('GET', '/apis/subresources.kubevirt.io/v1alpha3/namespaces/ns/virtualmachineinstances/vmi1/vnc/screenshot?moveCursor=true', tokens.operator)).status).toBe(202);
    expect(calls.at(-1)).toMatchObject({ version: 'v1alpha3', subresource: 'vnc/screenshot', resource: 'virtualmachineinstances' });
    expect(calls.at(-1)?.query.get('moveCursor')).toBe('true');
    expect((await call('PUT', '/apis/subresources.kubevirt.io/v1/namespaces/ns/virtualmachines/vm1/explode', tokens.admin)).status).toBe(404);
    expect((await call('DELETE', '/apis/subresources.kubevirt.io/v1/namespaces/ns/virtualmachines/vm1/start', tokens.admin)).status).toBe(405);
  });

  it('lets only users with migrate rights call migrate', async () => {
    expect((await call('PUT', '/apis/subresources.kubevirt.io/v1/namespaces/ns/virtualmachines/vm1/migrate', tokens.operator)).status).toBe(202);
    expect((await call('PUT', '/apis/subresources.kubevirt.io/v1/namespaces/ns/virtualmachines/vm1/migrate', tokens.viewer)).status).toBe(403);
  });

  it('proxies pod GETs with the path after /proxy', async () => {
    const r = await call('GET', '/api/v1/namespaces/kubevirt/pods/virt-handler-x:8443/proxy/metrics?x=1', tokens.viewer);
    expect(r).toEqual({ status: 200, body: 'metric 1\n' });
    expect(proxied.at(-1)).toMatchObject({ namespace: 'kubevirt', pod: 'virt-handler-x:8443', path: '/metrics' });
  });

  it('hands websocket upgrades for vnc to the hook after RBAC, with the bearer subprotocol too', async () => {
    const ok = await upgrade('/apis/subresources.kubevirt.io/v1/namespaces/default/virtualmachineinstances/vmi1/vnc', { Authorization: `Bearer ${tokens.operator}` });
    expect(ok).toMatch(/^HTTP\/1\.1 101/);
    expect(upgrades.at(-1)).toMatchObject({ subresource: 'vnc', name: 'vmi1' });
    const proto = `base64url.bearer.authorization.k8s.io.${Buffer.from(tokens.admin).toString('base64url')}, plain.kubevirt.io`;
    expect(await upgrade('/apis/subresources.kubevirt.io/v1/namespaces/default/virtualmachineinstances/vmi1/console', { 'Sec-WebSocket-Protocol': proto })).toMatch(/^HTTP\/1\.1 101/);
    const denied = await upgrade('/apis/subresources.kubevirt.io/v1/namespaces/default/virtualmachineinstances/vmi1/vnc', { Authorization: `Bearer ${tokens.viewer}` });
    expect(denied).toMatch(/^HTTP\/1\.1 403 Forbidden/);
    expect(denied).toContain('cannot get resource \\"virtualmachineinstances/vnc\\"');
  });
});
