import { afterEach, describe, expect, it, vi } from 'vitest';
import type { FleetFrame, SiteSummary } from '../api/fleet';
import { FleetFeed } from './fleet-feed';

function summary(site: string, running: number): SiteSummary {
  return {
    site,
    state: 'healthy',
    reach: 'healthy',
    asOf: '2026-01-01T00:00:00Z',
    live: true,
    vms: { total: running, byStatus: { Running: running } },
    nodes: { total: 1, ready: 1 },
    migrations: { active: 0 },
    imports: { active: 0 },
    alerts: [],
  };
}

function frame(sites: SiteSummary[]): string {
  const f: FleetFrame = { version: 'v1', at: '2026-01-01T00:00:00Z', sites };
  return JSON.stringify(f);
}

/** A fake stream response whose chunks the test pushes. */
function controlledStream() {
  let ctl!: ReadableStreamDefaultController<Uint8Array>;
  const body = new ReadableStream<Uint8Array>({ start: (c) => void (ctl = c) });
  const enc = new TextEncoder();
  return {
    response: new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } }),
    push: (text: string) => ctl.enqueue(enc.encode(text)),
    end: () => ctl.close(),
  };
}

afterEach(() => vi.useRealTimers());

describe('FleetFeed', () => {
  it('goes live on the snapshot, merges updates, keeps the last frame while reconnecting', async () => {
    const streams = [controlledStream(), controlledStream()];
    const fetchFn = vi.fn(async () => (streams.shift() as ReturnType<typeof controlledStream>).response);
    const first = streams[0] as ReturnType<typeof controlledStream>;
    const second = streams[1] as ReturnType<typeof controlledStream>;
    const feed = new FleetFeed('/s', { fetch: fetchFn as unknown as typeof fetch });
    feed.start();
    expect(feed.getState().connection.kind).toBe('connecting');
    // Split mid-event: the parser must join the pieces.
    first.push(
      `retry: 2000\n\nevent: snapshot\ndata: ${frame([summary('a', 1), summary('b', 2)]).slice(0, 20)}`,
    );
    first.push(`${frame([summary('a', 1), summary('b', 2)]).slice(20)}\n\n`);
    await vi.waitFor(() => expect(feed.getState().connection.kind).toBe('live'));
    first.push(`event: update\ndata: ${frame([summary('b', 5)])}\n\n`);
    await vi.waitFor(() => expect(feed.getState().sites.get('b')?.vms.total).toBe(5));
    expect(feed.getState().sites.get('a')?.vms.total).toBe(1);
    expect(feed.getState().version).toBe('v1');

    first.end();
    await vi.waitFor(() => expect(feed.getState().connection.kind).toBe('reconnecting'));
    expect([...feed.getState().sites.keys()]).toEqual(['a', 'b']);
    await vi.waitFor(() => expect(fetchFn).toHaveBeenCalledTimes(2), { timeout: 3000 });
    second.push(`event: snapshot\ndata: ${frame([summary('a', 3)])}\n\n`);
    await vi.waitFor(() => expect(feed.getState().connection.kind).toBe('live'));
    expect([...feed.getState().sites.keys()]).toEqual(['a']);
    feed.stop();
  });

  it('counts "reconnecting since" from the first failure', async () => {
    let calls = 0;
    const fetchFn = vi.fn(async () => {
      calls++;
      throw new TypeError('Failed to fetch');
    });
    const feed = new FleetFeed('/s', { fetch: fetchFn as unknown as typeof fetch });
    feed.start();
    await vi.waitFor(() => expect(feed.getState().connection.kind).toBe('reconnecting'));
    const since = (feed.getState().connection as { since: number }).since;
    await vi.waitFor(() => expect(calls).toBeGreaterThanOrEqual(2), { timeout: 3000 });
    expect((feed.getState().connection as { since: number }).since).toBe(since);
    feed.stop();
  });

  it('drops the data on a refusal and on an end event', async () => {
    const s = controlledStream();
    const answers: Response[] = [
      s.response,
      new Response(JSON.stringify({ message: 'this display link is not valid' }), { status: 401 }),
    ];
    const fetchFn = vi.fn(async () => answers.shift() as Response);
    const feed = new FleetFeed('/s', { fetch: fetchFn as unknown as typeof fetch, refusedRetryMs: 50 });
    feed.start();
    s.push(`event: snapshot\ndata: ${frame([summary('a', 1)])}\n\n`);
    await vi.waitFor(() => expect(feed.getState().connection.kind).toBe('live'));
    s.push(`event: end\ndata: {"reason":"link-revoked"}\n\n`);
    await vi.waitFor(() =>
      expect(feed.getState().connection).toMatchObject({ kind: 'refused', message: 'link-revoked' }),
    );
    expect(feed.getState().sites.size).toBe(0);
    await vi.waitFor(() =>
      expect(feed.getState().connection).toMatchObject({
        kind: 'refused',
        status: 401,
        message: 'this display link is not valid',
      }),
    );
    feed.stop();
  });

  it('reopens a stream that goes silent', async () => {
    const streams = [controlledStream(), controlledStream()];
    const fetchFn = vi.fn(async () => (streams.shift() as ReturnType<typeof controlledStream>).response);
    const first = streams[0] as ReturnType<typeof controlledStream>;
    const feed = new FleetFeed('/s', { fetch: fetchFn as unknown as typeof fetch, silenceMs: 100 });
    feed.start();
    first.push(`event: snapshot\ndata: ${frame([summary('a', 1)])}\n\n`);
    await vi.waitFor(() => expect(feed.getState().connection.kind).toBe('live'));
    await vi.waitFor(() => expect(feed.getState().connection.kind).toBe('reconnecting'));
    expect(feed.getState().sites.get('a')?.vms.total).toBe(1);
    await vi.waitFor(() => expect(fetchFn).toHaveBeenCalledTimes(2), { timeout: 3000 });
    feed.stop();
  });
});
