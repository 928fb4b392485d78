import { writeFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseFlags } from '@/server/config/flags';
import type { RunningServer } from '@/server/start-server';
import { Browser } from '../support/http-client';
import { eventually, exampleVm, startBff, startTestLab, tempFile, type Lab } from '../support/bff-env';
import { openSocket } from '../support/ws-client';

const SITE = 'central';
const VM = 'observed-vm';
const METRICS_TOKEN = 'metrics-bearer-0123456789abcdef';
const vmsPath = `/k8s/${SITE}/apis/kubevirt.io/v1/namespaces/default/virtualmachines`;
const vncPath = `/k8s/${SITE}/apis/subresources.kubevirt.io/v1/namespaces/default/virtualmachineinstances/${VM}/vnc`;

/** Every JSON line the server logged. */
class LogSink extends Writable {
  text = '';
  override _write(chunk: Buffer, _enc: string, done: () => void): void {
    this.text += chunk.toString('utf8');
    done();
  }
  lines(): Record<string, unknown>[] {
    return this.text
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  }
}

let lab: Lab;
let server: RunningServer;
let browser: Browser;
let signInLink: URL;
let csrf = '';
const logs = new LogSink();

/** One sample of a metric in the text format: `name{labels} value` with every given label. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`)))
      return Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return undefined;
}

async function scrape(): Promise<string> {
  const r = await browser.call('GET', '/metrics', { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
  expect(r.status).toBe(200);
  return r.text;
}

beforeAll(async () => {
  lab = await startTestLab({ sites: [SITE], seed: 'demo' });
  server = await startBff(lab, {
    auth: 'local',
    metricsToken: METRICS_TOKEN,
    log: { level: 'info', destination: logs },
    limits: { wsHighWaterBytes: 16 * 1024 },
  });
  browser = new Browser(server.url);
  signInLink = new URL(server.signInUrl ?? '');
  expect((await browser.call('GET', signInLink.pathname + signInLink.search)).status).toBe(303);
  csrf = (await browser.call('GET', '/api/session')).json<{ csrfToken: string }>().csrfToken;
});

afterAll(async () => {
  await server?.close();
  await lab?.stop();
});

describe('/metrics', () => {
  it('needs the bearer token when one is configured', async () => {
    const anonymous = await new Browser(server.url).call('GET', '/metrics');
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers['www-authenticate']).toBe('Bearer realm="metrics"');
    const wrong = await new Browser(server.url).call('GET', '/metrics', {
      headers: { authorization: 'Bearer not-the-token-0123456789abcd' },
    });
    expect(wrong.status).toBe(401);
    const right = await new Browser(server.url).call('GET', '/metrics', {
      headers: { authorization: `Bearer ${METRICS_TOKEN}` },
    });
    expect(right.status).toBe(200);
    expect(right.headers['content-type']).toContain('text/plain');
    expect(right.text).toContain('# TYPE edgevirt_http_requests_total counter');
    expect(right.text).toContain('edgevirt_process_resident_memory_bytes');
  });

  it('is open when no token is configured', async () => {
    const open = await startBff(lab, { auth: 'local' });
    try {
      const r = await new Browser(open.url).call('GET', '/metrics');
      expect(r.status).toBe(200);
      expect(r.text).toContain('edgevirt_open_watches');
    } finally {
      await open.close();
    }
  });

  it('counts requests by route and code, upstream latency per site and proxied body bytes', async () => {
    const created = await browser.write('POST', vmsPath, exampleVm(VM, 'Always'), csrf);
    expect(created.status).toBe(201);
    expect((await browser.call('GET', `${vmsPath}/${VM}`)).status).toBe(200);
    expect((await browser.call('GET', `${vmsPath}/no-such-vm`)).status).toBe(404);
    const text = await scrape();
    const route = `/k8s/{site}/…`;
    expect(
      sample(text, 'edgevirt_http_requests_total', { route, method: 'POST', code: '201' }),
    ).toBeGreaterThanOrEqual(1);
    expect(
      sample(text, 'edgevirt_http_requests_total', { route, method: 'GET', code: '404' }),
    ).toBeGreaterThanOrEqual(1);
    expect(
      sample(text, 'edgevirt_http_requests_total', { route: '/api/session', method: 'GET', code: '200' }),
    ).toBeGreaterThanOrEqual(1);
    // The raw path (with the VM's name) is never a label.
    expect(text).not.toContain('no-such-vm');
    expect(sample(text, 'edgevirt_upstream_response_seconds_count', { site: SITE })).toBeGreaterThanOrEqual(
      3,
    );
    expect(sample(text, 'edgevirt_proxy_body_bytes_total', { site: SITE, direction: 'up' })).toBeGreaterThan(
      JSON.stringify(exampleVm(VM)).length - 1,
    );
    expect(
      sample(text, 'edgevirt_proxy_body_bytes_total', { site: SITE, direction: 'down' }),
    ).toBeGreaterThan(0);
  });

  it('shows open watches per site while a watch is open, and none after it closes', async () => {
    const u = new URL(server.url);
    const req = request({
      host: u.hostname,
      port: u.port,
      path: `${vmsPath}?watch=1`,
      headers: { cookie: browser.cookieHeader() },
    });
    const opened = new Promise<void>((resolve) => req.on('response', () => resolve()));
    req.end();
    await opened;
    await eventually(async () => sample(await scrape(), 'edgevirt_open_watches', { site: SITE }) === 1);
    req.destroy();
    await eventually(async () => sample(await scrape(), 'edgevirt_open_watches', { site: SITE }) === 0);
  });

  it('shows an open console and counts backpressure pauses of a slow VNC reader', async () => {
    await eventually(async () => {
      const r = await browser.call(
        'GET',
        `/k8s/${SITE}/apis/kubevirt.io/v1/namespaces/default/virtualmachineinstances/${VM}`,
      );
      return r.status === 200 && r.json<{ status?: { phase?: string } }>().status?.phase === 'Running';
    }, 60_000);
    const r = await openSocket(server.url.replace(/^http/, 'ws') + vncPath, {
      origin: browser.origin,
      cookie: browser.cookieHeader(),
    });
    expect(r.status, r.body).toBeUndefined();
    await r.rfb!.handshake();
    expect(sample(await scrape(), 'edgevirt_open_consoles')).toBe(1);
    // A reader that stops reading while asking for many full-screen updates fills the 16 KiB mark.
    r.ws!.pause();
    for (let i = 0; i < 50; i++) r.rfb!.requestUpdate(false);
    await eventually(
      async () =>
        (sample(await scrape(), 'edgevirt_websocket_backpressure_events_total', { kind: 'console' }) ?? 0) >=
        1,
    );
    r.ws!.terminate();
    await eventually(async () => sample(await scrape(), 'edgevirt_open_consoles') === 0);
  }, 120_000);
});

describe('logs', () => {
  it('are JSON lines with a request ID that the response echoes', async () => {
    const r = await browser.call('GET', '/api/clusters');
    const id = r.headers['x-request-id'];
    expect(typeof id).toBe('string');
    const line = await eventually(async () =>
      logs.lines().find((l) => (l.req as { id?: string } | undefined)?.id === id),
    );
    expect(line).toMatchObject({
      level: 30,
      service: 'edgevirt-console',
      req: { method: 'GET', url: '/api/clusters' },
      res: { statusCode: 200 },
    });
    expect(typeof line.responseTime).toBe('number');
  });

  it('ignore a client-chosen request ID unless the proxy is trusted', async () => {
    const r = await browser.call('GET', '/healthz', { headers: { 'x-request-id': 'chosen-by-client' } });
    expect(r.headers['x-request-id']).not.toBe('chosen-by-client');
    const behind = await startBff(lab, { auth: 'local', trustProxy: true });
    try {
      const p = await new Browser(behind.url).call('GET', '/healthz', {
        headers: { 'x-request-id': 'nginx-0123abcd' },
      });
      expect(p.headers['x-request-id']).toBe('nginx-0123abcd');
    } finally {
      await behind.close();
    }
  });

  it('never hold a token, cookie, CSRF token or sign-in link secret', async () => {
    // Requests carrying secrets everywhere a request can carry them.
    await browser.call('GET', `/api/clusters?token=${lab.tokens.admin}&display=${lab.tokens.operator}`, {
      headers: { authorization: `Bearer ${lab.tokens.viewer}`, 'x-csrf-token': csrf },
    });
    await browser.call('GET', '/metrics', { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    await browser.call('GET', '/metrics', {
      headers: { authorization: 'Bearer wrong-metrics-token-0123456789' },
    });
    await eventually(async () =>
      logs
        .lines()
        .some((l) => String((l.req as { url?: string } | undefined)?.url).startsWith('/api/clusters?token=')),
    );
    const text = logs.text;
    const cookieValues = [...browser.cookies.values()];
    const secrets = [
      lab.tokens.admin,
      lab.tokens.operator,
      lab.tokens.viewer,
      METRICS_TOKEN,
      'wrong-metrics-token-0123456789',
      csrf,
      signInLink.searchParams.get('token') ?? 'x',
      ...cookieValues,
    ];
    for (const s of secrets) {
      expect(s.length).toBeGreaterThan(8);
      expect(text).not.toContain(s);
    }
    expect(text).toContain('/?token=[redacted]');
    expect(text).toContain('/api/clusters?token=[redacted]&display=[redacted]');
    // Harmless query parameters stay readable.
    expect(text).toContain(`${vmsPath}?watch=1`);
  });
});

describe('flags', () => {
  it('read the metrics token from a file, refuse it on the command line, and check --log-level', () => {
    const file = tempFile('metrics-token');
    writeFileSync(file, `${METRICS_TOKEN}\n`);
    expect(parseFlags(['--metrics-token-file', file], {}).metricsToken).toBe(METRICS_TOKEN);
    expect(parseFlags([], { EDGEVIRT_METRICS_TOKEN_FILE: file }).metricsToken).toBe(METRICS_TOKEN);
    expect(parseFlags([], {}).metricsToken).toBeUndefined();
    expect(() => parseFlags(['--metrics-token', METRICS_TOKEN], {})).toThrow(
      /--metrics-token is refused.*--metrics-token-file/,
    );
    expect(parseFlags([], {}).log).toEqual({ level: 'info' });
    expect(parseFlags(['--log-level', 'debug'], {}).log).toEqual({ level: 'debug' });
    expect(parseFlags([], { EDGEVIRT_LOG_LEVEL: 'silent' }).log).toEqual({ level: 'silent' });
    expect(() => parseFlags(['--log-level', 'loud'], {})).toThrow(/--log-level must be one of/);
  });
});
