import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_BACKOFF, ReconnectPolicy } from '../backoff';
import { ConnectionLoop, type AttemptCallbacks } from './connection-loop';
import { CLOSE_LINK_EXPIRED, CLOSE_SERIAL_TAKEN_OVER, type ConsoleProbe } from '../api/console';
import { CLOSE_SESSION_EXPIRED } from '../api/session';
import type { ConsoleStatus } from './console-status';

interface Harness {
  loop: ConnectionLoop;
  statuses: ConsoleStatus[];
  opens: Array<{ preserve: boolean; cb: AttemptCallbacks; closed: boolean }>;
  setProbe(p: ConsoleProbe): void;
}

function harness(): Harness {
  let probe: ConsoleProbe = { status: 'free' };
  const statuses: ConsoleStatus[] = [];
  const opens: Harness['opens'] = [];
  const policy = new ReconnectPolicy({ ...DEFAULT_BACKOFF, jitter: 0, initialMs: 100, maxMs: 1_000 });
  const loop = new ConnectionLoop(
    {
      open(preserve, cb) {
        const rec = { preserve, cb, closed: false };
        opens.push(rec);
        return { close: () => void (rec.closed = true) };
      },
      probe: async () => probe,
      onStatus: (s) => void statuses.push(s),
      now: () => Date.now(),
    },
    policy,
  );
  return { loop, statuses, opens, setProbe: (p) => void (probe = p) };
}

describe('ConnectionLoop', () => {
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => void vi.useRealTimers());

  it('connects, and reconnects with growing delays after drops', async () => {
    const h = harness();
    h.loop.start();
    expect(h.opens).toHaveLength(1);
    expect(h.opens[0]!.preserve).toBe(true);
    h.opens[0]!.cb.opened();
    expect(h.statuses.at(-1)?.state).toBe('connected');

    h.opens[0]!.cb.closed({ wasOpen: true, code: 1006, reason: '' });
    await vi.advanceTimersByTimeAsync(0);
    expect(h.statuses.at(-1)).toMatchObject({ state: 'disconnected', reason: 'network' });
    await vi.advanceTimersByTimeAsync(99);
    expect(h.opens).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(h.opens).toHaveLength(2);

    h.opens[1]!.cb.closed({ wasOpen: false, code: 1006, reason: '' });
    await vi.advanceTimersByTimeAsync(199);
    expect(h.opens).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(h.opens).toHaveLength(3);
    h.opens[2]!.cb.opened();
    expect(h.statuses.at(-1)?.state).toBe('connected');
  });

  it('stops and reports inUse when another viewer holds the session, then takes over on request', async () => {
    const h = harness();
    h.setProbe({ status: 'inUse', message: 'Active VNC connection. Request denied.' });
    h.loop.start();
    h.opens[0]!.cb.closed({ wasOpen: false, code: 1006, reason: '' });
    await vi.advanceTimersByTimeAsync(10_000);
    expect(h.opens).toHaveLength(1);
    expect(h.statuses.at(-1)).toEqual({
      state: 'disconnected',
      reason: 'inUse',
      detail: 'Active VNC connection. Request denied.',
    });
    h.loop.start(false);
    expect(h.opens).toHaveLength(2);
    expect(h.opens[1]!.preserve).toBe(false);
  });

  it('reads the reason from the backend close codes without probing, and stops', async () => {
    for (const [code, reason] of [
      [CLOSE_SESSION_EXPIRED, 'unauthorized'],
      [CLOSE_LINK_EXPIRED, 'expired'],
      // Another client took the serial line: wait for the user instead of taking it back.
      [CLOSE_SERIAL_TAKEN_OVER, 'inUse'],
    ] as const) {
      const h = harness();
      h.setProbe({ status: 'free' });
      h.loop.start();
      h.opens[0]!.cb.closed({ wasOpen: true, code, reason: 'grant ended' });
      await vi.advanceTimersByTimeAsync(5_000);
      expect(h.statuses.at(-1)).toMatchObject({ state: 'disconnected', reason });
      expect(h.opens).toHaveLength(1);
    }
  });

  it('keeps retrying while the VM is not running (a reboot)', async () => {
    const h = harness();
    h.setProbe({ status: 'notRunning' });
    h.loop.start();
    h.opens[0]!.cb.closed({ wasOpen: false, code: 1006, reason: '' });
    await vi.advanceTimersByTimeAsync(100);
    expect(h.opens).toHaveLength(2);
  });

  it('a user stop closes the attempt and suppresses late callbacks', async () => {
    const h = harness();
    h.loop.start();
    const first = h.opens[0]!;
    h.loop.stop();
    expect(first.closed).toBe(true);
    first.cb.closed({ wasOpen: true, code: 1000, reason: '' });
    await vi.advanceTimersByTimeAsync(10_000);
    expect(h.opens).toHaveLength(1);
    expect(h.statuses.at(-1)).toEqual({ state: 'disconnected', reason: 'user' });
  });
});
