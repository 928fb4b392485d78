/** What the audit log records of callers the server refuses before any route runs. */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WATCH_MUX_PATH } from '@/lib/api/watch-mux';
import type { RunningServer } from '@/server/start-server';
import { Browser } from '../support/http-client';
import { eventually, startBff, startTestLab, tempFile, type Lab } from '../support/bff-env';
import { openSocket } from '../support/ws-client';

let lab: Lab;
let server: RunningServer;
const auditPath = tempFile('audit.jsonl');
const audit = () =>
  readFileSync(auditPath, 'utf8')
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);

beforeAll(async () => {
  lab = await startTestLab({ sites: ['central'] });
  server = await startBff(lab, { auth: 'local', auditLog: auditPath });
}, 60_000);

afterAll(async () => {
  await server?.close();
  await lab?.stop();
});

describe('refusals before any route are audited', () => {
  it('records refused websocket upgrades with the reason, never the query', async () => {
    const ws = server.url.replace(/^http/, 'ws');
    const signedOut = await openSocket(`${ws}${WATCH_MUX_PATH}?token=secret-looking`, { origin: server.url });
    expect(signedOut.status).toBe(401);
    const crossOrigin = await openSocket(`${ws}${WATCH_MUX_PATH}`, { origin: 'https://evil.example' });
    expect(crossOrigin.status).toBe(403);
    const nowhere = await openSocket(`${ws}/nothing-here`, { origin: server.url });
    expect(nowhere.status).toBe(404);
    const entries = await eventually(async () => {
      const e = audit().filter((l) => l.type === 'upgrade');
      return e.length >= 3 ? e : undefined;
    });
    expect(entries.map((e) => [e.resource, e.status, e.user])).toEqual([
      [WATCH_MUX_PATH, 401, '(anonymous)'],
      [WATCH_MUX_PATH, 403, '(anonymous)'],
      ['/nothing-here', 404, '(anonymous)'],
    ]);
    expect(entries[1]?.detail).toBe('cross-origin websocket refused');
    expect(entries.every((e) => e.remote === '127.0.0.1')).toBe(true);
    expect(readFileSync(auditPath, 'utf8')).not.toContain('secret-looking');
  });

  it('records a used or wrong sign-in link without the token', async () => {
    const r = await new Browser(server.url).call('GET', '/?token=not-the-link-token');
    expect(r.status).toBe(303);
    const entry = await eventually(async () => audit().find((l) => l.type === 'signin' && l.status === 401));
    expect(entry).toMatchObject({
      user: '(anonymous)',
      verb: 'link',
      detail: 'sign-in link already used or wrong',
    });
    expect(readFileSync(auditPath, 'utf8')).not.toContain('not-the-link-token');
  });
});
