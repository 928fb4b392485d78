import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SiteMetrics } from './site-metrics';

/** A loopback HTTP endpoint Prometheus can scrape: `GET /metrics` (all nodes of the site). */
export async function startMetricsServer(metrics: SiteMetrics, host: string, refresh: () => void): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (req.method !== 'GET' || path !== '/metrics') return void res.writeHead(404).end('404 page not found\n');
    refresh();
    metrics.text().then(
      (text) => res.writeHead(200, { 'content-type': metrics.registry.contentType }).end(text),
      (err: unknown) => res.writeHead(500).end(String(err)),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  server.unref();
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}/metrics`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
