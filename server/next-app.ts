import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { fileURLToPath } from 'node:url';

/** What the server needs from Next.js. */
export interface NextHandlers {
  request(req: IncomingMessage, res: ServerResponse): Promise<void>;
  /** Next's own websocket (HMR), used in dev only. */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  close(): Promise<void>;
}

/** Repository root: the Next.js app's directory. */
export const APP_DIR = fileURLToPath(new URL('..', import.meta.url));

/** Prepares Next.js (a production build unless `dev`) as a request handler for our server. */
export async function attachNext(opts: { dev: boolean; hostname: string; port: number }): Promise<NextHandlers> {
  const { default: next } = await import('next');
  const app = next({ dev: opts.dev, dir: APP_DIR, hostname: opts.hostname, port: opts.port, customServer: true });
  // Next prints progress ("Running next.config.js…") on stdout while it prepares; stdout is
  // reserved for the one ready line, so those go to stderr.
  const stdoutWrite = process.stdout.write;
  process.stdout.write = process.stderr.write.bind(process.stderr) as typeof process.stdout.write;
  try {
    await app.prepare();
  } finally {
    process.stdout.write = stdoutWrite;
  }
  const handle = app.getRequestHandler();
  const upgrade = opts.dev ? app.getUpgradeHandler() : undefined;
  return {
    request: (req, res) => handle(req, res),
    upgrade: (req, socket, head) => {
      if (upgrade) void upgrade(req, socket, head);
      else socket.destroy();
    },
    close: () => app.close(),
  };
}
