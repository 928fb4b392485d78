/**
 * One watch request to a site, as one principal, for the watch multiplexer: the same path
 * checks and identity as the REST proxy, with the answer handed over line by line.
 */
import type { ClientRequest, IncomingMessage } from 'node:http';
import { request } from 'node:https';
import type { Status } from '../../lib/k8s/types';
import { LineBuffer } from '../../lib/k8s/line-buffer';
import type { WatchOpenMessage } from '../../lib/api/watch-mux';
import type { SiteStatus } from '../../lib/api/sites';
import { upstreamIdentity } from '../sites/upstream-identity';
import type { Principal } from '../auth/types';
import type { ServerContext } from '../context';
import { HttpStatusError } from '../http/status';
import { failureStatus } from '../../lib/k8s/types';
import { parseProxyUrl, PROXY_PREFIX } from '../proxy/path-policy';
import { siteRequestTarget } from '../sites/site';

export interface UpstreamWatchHandlers {
  /** The cluster answered 200: events follow. */
  open(): void;
  /** Complete lines (each one JSON event), in order. */
  lines(lines: string[]): void;
  /** The watch is over: `err` undefined when the cluster ended it normally. */
  end(err?: { code: number; status: Status }): void;
}

/** What the socket needs to steer one watch. */
export interface UpstreamWatch {
  pause(): void;
  resume(): void;
  cancel(): void;
}

const MAX_ERROR_BODY = 64 * 1024;

/** Checks the watch the browser asks for and returns the upstream path with its query. */
export function upstreamWatchPath(msg: WatchOpenMessage): string {
  const q = new URLSearchParams(Object.entries(msg.query) as [string, string][]);
  q.set('watch', '1');
  if (msg.path.includes('?'))
    throw new HttpStatusError(400, 'BadRequest', 'the watch path takes no query; send it in "query"');
  const target = parseProxyUrl(`${PROXY_PREFIX}${encodeURIComponent(msg.site)}${msg.path}`, 'GET');
  const info = target.info;
  if (!info?.resource || info.subresource.length > 0 || info.name) {
    throw new HttpStatusError(400, 'BadRequest', 'only collections can be watched through the multiplexer');
  }
  return `${target.path}?${q.toString()}`;
}

function failure(err: unknown): { code: number; status: Status } {
  const e =
    err instanceof HttpStatusError
      ? err
      : new HttpStatusError(502, 'ServiceUnavailable', (err as Error).message);
  return { code: e.code, status: e.toStatus() };
}

/** Reads a refused watch's `Status` body (bounded). */
function refusal(res: IncomingMessage, done: (f: { code: number; status: Status }) => void): void {
  const code = res.statusCode ?? 502;
  const chunks: Buffer[] = [];
  let size = 0;
  res.on('data', (c: Buffer) => {
    size += c.length;
    if (size <= MAX_ERROR_BODY) chunks.push(c);
  });
  res.on('end', () => {
    let status: Status;
    try {
      status = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Status;
      if (status.kind !== 'Status') throw new Error('not a Status');
    } catch {
      status = failureStatus(code, 'Unknown', `the cluster answered ${code}`);
    }
    done({ code, status });
  });
  res.on('error', () =>
    done({ code, status: failureStatus(code, 'Unknown', `the cluster answered ${code}`) }),
  );
}

/** Opens the watch; every outcome, including a refusal before any request, goes to `end`. */
export function openUpstreamWatch(
  ctx: ServerContext,
  principal: Principal,
  msg: WatchOpenMessage,
  on: UpstreamWatchHandlers,
): UpstreamWatch {
  let req: ClientRequest | undefined;
  let res: IncomingMessage | undefined;
  // The socket may ask for a pause before the cluster has answered: remembered, and applied to
  // the response as soon as it arrives, so a watch opened on a slow socket never streams freely.
  let wantPaused = false;
  let finished = false;
  let release = () => undefined as void;
  // A frozen site keeps its TCP connection and says nothing: when its probes give up, the watch
  // ends with the reason so the browser shows the data as stale and retries, not as live.
  const onSites = (statuses: SiteStatus[]) => {
    const mine = statuses.find((s) => s.name === msg.site);
    if (mine?.status === 'unreachable')
      end(
        failure(
          new HttpStatusError(
            503,
            'ServiceUnavailable',
            `site "${msg.site}" stopped answering (${mine.message}); watch ended`,
          ),
        ),
      );
  };
  ctx.registry.on('change', onSites);
  const end = (err?: { code: number; status: Status }) => {
    if (finished) return;
    finished = true;
    clearTimeout(headerTimer);
    ctx.registry.off('change', onSites);
    req?.destroy();
    release();
    on.end(err);
  };
  const headerTimer = setTimeout(
    () =>
      end(
        failure(
          new HttpStatusError(
            504,
            'Timeout',
            `site "${msg.site}" did not answer within ${ctx.limits.upstreamTimeoutMs} ms`,
          ),
        ),
      ),
    ctx.limits.upstreamTimeoutMs,
  );
  void (async () => {
    const path = upstreamWatchPath(msg);
    const site = ctx.registry.get(msg.site);
    if (!site) throw new HttpStatusError(404, 'NotFound', `site "${msg.site}" not found`);
    const identity = await upstreamIdentity(site, principal, 'watch');
    if (finished) return;
    release = ctx.watchSlots.acquire(msg.site, principal.user.username);
    req = request({
      ...siteRequestTarget(site.server, path),
      agent: identity.agent,
      headers: { ...identity.headers, accept: 'application/json' },
    });
    req.on('error', (err) => {
      if (finished) return;
      ctx.registry.probeNow(msg.site);
      end(
        failure(
          new HttpStatusError(502, 'ServiceUnavailable', `site "${msg.site}" unreachable: ${err.message}`),
        ),
      );
    });
    req.on('response', (r) => {
      clearTimeout(headerTimer);
      res = r;
      ctx.registry.noteAnswered(msg.site);
      if (r.statusCode !== 200) return refusal(r, end);
      on.open();
      r.setEncoding('utf8');
      const lines = new LineBuffer();
      r.on('data', (chunk: string) => {
        const events = lines.push(chunk);
        if (events.length) on.lines(events);
      });
      if (wantPaused) r.pause();
      const broke = (why: string) =>
        end(
          failure(
            new HttpStatusError(502, 'ServiceUnavailable', `watch on site "${msg.site}" broke: ${why}`),
          ),
        );
      r.on('end', () => end());
      r.on('error', (err) => broke(err.message));
      // After 'end' this is a no-op; without it, a connection cut mid-stream.
      r.on('close', () => broke('connection closed'));
    });
    req.end();
  })().catch((err: unknown) => end(failure(err)));
  return {
    pause: () => {
      wantPaused = true;
      res?.pause();
    },
    resume: () => {
      wantPaused = false;
      res?.resume();
    },
    cancel: () => {
      finished = true;
      clearTimeout(headerTimer);
      ctx.registry.off('change', onSites);
      req?.destroy();
      release();
    },
  };
}
