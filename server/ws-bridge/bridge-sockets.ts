import WebSocket from 'ws';
import { mapCloseCode, truncateReason, type CloseFrame } from './close-codes';
import { takeEarlyMessages } from './dial-upstream';

export interface BridgeOptions {
  /** Queued bytes towards one side above which the other side's reads are paused. */
  highWaterBytes: number;
  /** Keepalive ping interval for both sides; a side that misses a pong is dropped. */
  pingIntervalMs: number;
  /** Called once, after both sides are closed or terminated. */
  onClose?(summary: BridgeSummary): void;
  /** Called each time a side's reads are paused for backpressure. */
  onPause?(): void;
  /**
   * Rewrites browser → cluster bytes before they are sent (e.g. a protocol filter that drops
   * input); returning a `CloseFrame` ends the bridge with it.
   */
  upstreamFilter?(data: Buffer): Buffer | CloseFrame;
}

/** What one bridged session did, for the audit log and the benchmarks. */
export interface BridgeSummary {
  /** Bytes browser → cluster and cluster → browser. */
  bytesUp: number;
  bytesDown: number;
  /** Text frames from the browser that were dropped (KubeVirt only reads binary frames). */
  textFramesDropped: number;
  /** Which side ended it, and the frame sent to the other side. */
  closedBy: 'browser' | 'upstream' | 'server';
  sent: CloseFrame;
  /** Times a side's reads were paused for backpressure. */
  pauses: number;
  durationMs: number;
}

/** A running bridge: `close` ends both sides once; `done` resolves with the summary. */
export interface Bridge {
  close(code: number, reason: string): void;
  done: Promise<BridgeSummary>;
  /** Bytes queued now towards each side (bounded by `highWaterBytes` plus one message). */
  buffered(): { toBrowser: number; toUpstream: number };
}

/**
 * Copies binary frames both ways between a browser websocket and a cluster websocket.
 * Backpressure: when the receiving side has more than `highWaterBytes` queued, the sending
 * side's socket is paused and resumed from the send callback once the queue drains, so a slow
 * reader stalls the producer instead of growing our memory. Text frames from the browser are
 * dropped, as virt-handler would. One idempotent teardown closes both sides with mapped codes.
 */
export function bridgeSockets(browser: WebSocket, upstream: WebSocket, opts: BridgeOptions): Bridge {
  const started = performance.now();
  const stats = { bytesUp: 0, bytesDown: 0, textFramesDropped: 0, pauses: 0 };
  let finished = false;
  let resolveDone!: (s: BridgeSummary) => void;
  const done = new Promise<BridgeSummary>((r) => (resolveDone = r));
  const pausedReads = new Set<WebSocket>();

  const pipe = (from: WebSocket, to: WebSocket, up: boolean) => {
    const onMessage = (data: Buffer, isBinary: boolean) => {
      if (!isBinary) {
        if (up) stats.textFramesDropped++;
        else to.send(data, { binary: true });
        return;
      }
      if (up && opts.upstreamFilter) {
        const out = opts.upstreamFilter(data);
        if (!Buffer.isBuffer(out)) return teardown('server', out);
        if (!out.length) return;
        data = out;
      }
      if (up) stats.bytesUp += data.length;
      else stats.bytesDown += data.length;
      to.send(data, { binary: true }, () => {
        if (pausedReads.has(from) && to.bufferedAmount <= opts.highWaterBytes / 2) {
          pausedReads.delete(from);
          if (from.readyState === WebSocket.OPEN) from.resume();
        }
      });
      if (to.bufferedAmount > opts.highWaterBytes && !pausedReads.has(from)) {
        pausedReads.add(from);
        stats.pauses++;
        opts.onPause?.();
        from.pause();
      }
    };
    for (const [data, isBinary] of takeEarlyMessages(from)) onMessage(data, isBinary);
    from.on('message', onMessage);
  };
  pipe(browser, upstream, true);
  pipe(upstream, browser, false);

  const alive = new Map<WebSocket, boolean>([
    [browser, true],
    [upstream, true],
  ]);
  for (const ws of [browser, upstream]) ws.on('pong', () => alive.set(ws, true));
  const pinger = setInterval(() => {
    for (const ws of [browser, upstream]) {
      // A paused side cannot read its pong; backpressure already proves the peer is there.
      if (!alive.get(ws) && !pausedReads.has(ws)) {
        teardown('server', { code: 1001, reason: 'keepalive timeout' }, ws);
        return;
      }
      alive.set(ws, false);
      if (ws.readyState === WebSocket.OPEN) ws.ping();
    }
  }, opts.pingIntervalMs);
  pinger.unref();

  function teardown(by: BridgeSummary['closedBy'], frame: CloseFrame, dead?: WebSocket): void {
    if (finished) return;
    finished = true;
    clearInterval(pinger);
    for (const ws of [browser, upstream]) {
      ws.removeAllListeners('message');
      if (ws === dead) ws.terminate();
      else closeOrTerminate(ws, frame);
    }
    const summary: BridgeSummary = {
      ...stats,
      closedBy: by,
      sent: frame,
      durationMs: Math.round(performance.now() - started),
    };
    opts.onClose?.(summary);
    resolveDone(summary);
  }

  browser.on('close', (code, reason) =>
    teardown('browser', mapCloseCode(code, reason.toString(), 'browser')),
  );
  upstream.on('close', (code, reason) =>
    teardown('upstream', mapCloseCode(code, reason.toString(), 'upstream')),
  );
  browser.on('error', (err) =>
    teardown(
      'browser',
      { code: 1011, reason: truncateReason(`browser socket error: ${err.message}`) },
      browser,
    ),
  );
  upstream.on('error', (err) =>
    teardown(
      'upstream',
      { code: 1011, reason: truncateReason(`cluster socket error: ${err.message}`) },
      upstream,
    ),
  );

  return {
    close: (code, reason) => teardown('server', mapCloseCode(code, reason, 'upstream')),
    done,
    buffered: () => ({ toBrowser: browser.bufferedAmount, toUpstream: upstream.bufferedAmount }),
  };
}

/** Sends a close frame and terminates if the peer does not complete the closing handshake. */
function closeOrTerminate(ws: WebSocket, frame: CloseFrame): void {
  if (ws.readyState === WebSocket.CLOSED) return;
  if (ws.readyState === WebSocket.OPEN) {
    ws.close(frame.code, frame.reason);
    // A paused socket would never read the peer's close frame.
    ws.resume();
  }
  const t = setTimeout(() => ws.terminate(), 5000);
  t.unref();
  ws.once('close', () => clearTimeout(t));
}
