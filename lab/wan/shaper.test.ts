import net from 'node:net';
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { OPEN_LINK, RTO_MS, streamThroughput, validLink, type LinkParams } from './links';
import { deliveryTime, startShaper, type Shaper } from './shaper';

const link = (p: Partial<LinkParams>): LinkParams => ({ ...OPEN_LINK, ...p });

describe('deliveryTime', () => {
  it('serializes at the bandwidth, then adds latency and jitter', () => {
    const lane = { freeAt: 0, lastDelivery: 0 };
    const l = link({ bandwidthBytesPerSec: 1_000_000, latencyMs: 40, jitterMs: 10 });
    expect(deliveryTime(lane, 10_000, 1000, l, () => 0.5)).toBe(1000 + 10 + 40 + 5);
    // The second piece waits for the first to leave the link.
    expect(deliveryTime(lane, 10_000, 1000, l, () => 0)).toBe(1000 + 20 + 40);
  });

  it('never delivers before an earlier piece (TCP is in order)', () => {
    const lane = { freeAt: 0, lastDelivery: 0 };
    const l = link({ latencyMs: 10, jitterMs: 100 });
    const first = deliveryTime(lane, 1, 0, l, () => 1);
    expect(deliveryTime(lane, 1, 1, l, () => 0)).toBe(first);
  });

  it('adds a retransmission timeout and a round trip for a lost piece', () => {
    const lane = { freeAt: 0, lastDelivery: 0 };
    expect(deliveryTime(lane, 1, 0, link({ latencyMs: 30, lossPercent: 50 }), () => 0)).toBe(
      30 + RTO_MS + 60,
    );
  });
});

describe('streamThroughput and validLink', () => {
  it('is the bandwidth without loss and the Mathis bound under loss', () => {
    expect(streamThroughput(link({ bandwidthBytesPerSec: 5e6 }), 1e9)).toBe(5e6);
    expect(streamThroughput(OPEN_LINK, 1e9)).toBe(1e9);
    expect(streamThroughput(link({ latencyMs: 50, lossPercent: 1 }), 1e9)).toBeCloseTo(
      (1460 / 0.1) * 12.2,
      0,
    );
  });

  it('refuses negative numbers and loss above 100 with the field named', () => {
    expect(() => validLink({ latencyMs: -1 })).toThrow('latencyMs must be a non-negative number');
    expect(() => validLink({ lossPercent: 101 })).toThrow('lossPercent must be at most 100');
    expect(validLink({ bandwidthBytesPerSec: 1e6 })).toEqual({ bandwidthBytesPerSec: 1e6 });
  });
});

describe('startShaper', () => {
  let shaper: Shaper | undefined;
  let echo: net.Server | undefined;
  afterEach(async () => {
    await shaper?.close();
    await new Promise((r) => (echo ? echo.close(r) : r(undefined)));
  });

  it('relays every byte both ways, in order, through a shaped link', async () => {
    echo = net.createServer((s) => s.pipe(s));
    await new Promise<void>((r) => echo!.listen(0, '127.0.0.1', r));
    const port = (echo.address() as net.AddressInfo).port;
    shaper = await startShaper({ host: '127.0.0.1', port }, () =>
      link({ bandwidthBytesPerSec: 20e6, latencyMs: 5, jitterMs: 5, lossPercent: 5 }),
    );
    const data = randomBytes(300_000);
    const back = await new Promise<Buffer>((resolve, reject) => {
      const c = net.connect(shaper!.port, '127.0.0.1');
      const got: Buffer[] = [];
      let n = 0;
      c.on('data', (b: Buffer) => {
        got.push(b);
        n += b.length;
        if (n >= data.length) {
          c.end();
          resolve(Buffer.concat(got));
        }
      });
      c.on('error', reject);
      c.write(data);
    });
    expect(back.equals(data)).toBe(true);
  });

  it('delivers every queued byte before passing on the sender closing (as QEMU does after the last page)', async () => {
    let received: Promise<Buffer> | undefined;
    echo = net.createServer((s) => {
      received = new Promise((resolve) => {
        const got: Buffer[] = [];
        s.on('data', (b: Buffer) => got.push(b));
        s.on('end', () => resolve(Buffer.concat(got)));
      });
    });
    await new Promise<void>((r) => echo!.listen(0, '127.0.0.1', r));
    const port = (echo.address() as net.AddressInfo).port;
    shaper = await startShaper({ host: '127.0.0.1', port }, () =>
      link({ bandwidthBytesPerSec: 5e6, latencyMs: 20 }),
    );
    const data = randomBytes(200_000);
    const c = net.connect(shaper.port, '127.0.0.1');
    await new Promise<void>((r) => c.on('connect', r));
    c.end(data);
    await new Promise<void>((r) => c.on('close', r));
    await new Promise((r) => setTimeout(r, 10));
    expect(received).toBeDefined();
    expect((await received!).equals(data)).toBe(true);
  });
});
