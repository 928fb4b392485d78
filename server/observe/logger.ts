import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pino, type DestinationStream, type Level, type Logger as PinoLogger } from 'pino';
import { pinoHttp, type HttpLogger } from 'pino-http';

export type Logger = PinoLogger;
export type LogLevel = Level | 'silent';

export const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export interface LogOptions {
  /** Default `silent` when the server is started from code (tests); the CLI's default is `info`. */
  level?: LogLevel;
  /** Where the JSON lines go (default stdout). */
  destination?: DestinationStream;
}

/**
 * Query parameters whose values are logged; every other value is replaced, because sign-in
 * links (`?token=`), display links (`?display=`), OIDC callbacks (`?code=&state=`) and embed
 * links carry secrets in the query string.
 */
const LOGGED_QUERY = new Set([
  'watch',
  'resourceVersion',
  'resourceVersionMatch',
  'labelSelector',
  'fieldSelector',
  'limit',
  'timeoutSeconds',
  'allowWatchBookmarks',
  'sendInitialEvents',
  'returnTo',
  'dryRun',
  'fieldManager',
  'propagationPolicy',
  'preserveSession',
]);

/** Request headers worth a log line; cookies, authorization and CSRF tokens never are. */
const LOGGED_HEADERS = [
  'host',
  'user-agent',
  'content-type',
  'content-length',
  'x-forwarded-for',
  'x-forwarded-proto',
  'origin',
  'sec-websocket-protocol',
];

/** The path and query of a request URL with every value not known to be harmless replaced. */
export function loggableUrl(raw: string): string {
  const q = raw.indexOf('?');
  if (q < 0) return raw;
  const params = new URLSearchParams(raw.slice(q + 1));
  const kept = [...params].map(
    ([k, v]) => `${encodeURIComponent(k)}=${LOGGED_QUERY.has(k) ? encodeURIComponent(v) : '[redacted]'}`,
  );
  return `${raw.slice(0, q)}?${kept.join('&')}`;
}

function serializeRequest(req: IncomingMessage & { id?: unknown }): Record<string, unknown> {
  const headers: Record<string, unknown> = {};
  for (const h of LOGGED_HEADERS) if (req.headers[h] !== undefined) headers[h] = req.headers[h];
  return {
    id: req.id,
    method: req.method,
    url: loggableUrl(req.url ?? '/'),
    remoteAddress: req.socket?.remoteAddress,
    headers,
  };
}

const REQUEST_ID = /^[\w.:-]{1,80}$/;

/** The server's JSON logger: one line per event, secrets redacted wherever they could appear. */
export function createLogger(opts: LogOptions = {}): Logger {
  return pino(
    {
      level: opts.level ?? 'silent',
      base: { service: 'edgevirt-console' },
      timestamp: pino.stdTimeFunctions.isoTime,
      // A belt for objects logged by hand: these keys never print, wherever they sit.
      redact: {
        paths: [
          '*.authorization',
          '*.cookie',
          '*["set-cookie"]',
          '*["x-csrf-token"]',
          '*.token',
          '*.password',
          '*.secret',
          'headers.authorization',
          'headers.cookie',
        ],
        censor: '[redacted]',
      },
    },
    opts.destination,
  );
}

/**
 * Logs every HTTP request once it is answered, with a request ID: the proxy's `X-Request-Id`
 * when the proxy is trusted (so nginx's and ours match), else a new UUID; echoed in the
 * response's `X-Request-Id`.
 */
export function requestLogger(logger: Logger, trustProxy: boolean): HttpLogger {
  return pinoHttp({
    logger,
    quietReqLogger: true,
    genReqId: (req: IncomingMessage, res: ServerResponse) => {
      const given = req.headers['x-request-id'];
      const id = trustProxy && typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
      res.setHeader('x-request-id', id);
      return id;
    },
    serializers: {
      req: serializeRequest,
      res: (res: ServerResponse) => ({ statusCode: res.statusCode }),
    },
    wrapSerializers: false,
    customLogLevel: (_req, res, err) =>
      err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
  });
}
