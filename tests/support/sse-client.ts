import { request } from 'node:http';
import type { FleetFrame, SiteSummary } from '@/lib/api/fleet';

/** A fleet summary stream read by a test: the latest summary per site, and every event name. */
export interface FleetStreamClient {
  status: number;
  sites: Map<string, SiteSummary>;
  events: string[];
  frames: FleetFrame[];
  ended: Promise<void>;
  close(): void;
}

/** Opens `url` as an EventSource would (GET, text/event-stream) and parses the events. */
export function openFleetStream(url: string, headers: Record<string, string> = {}): Promise<FleetStreamClient> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { accept: 'text/event-stream', ...headers } }, (res) => {
      let endedResolve: () => void = () => undefined;
      const client: FleetStreamClient = {
        status: res.statusCode ?? 0,
        sites: new Map(),
        events: [],
        frames: [],
        ended: new Promise<void>((r) => (endedResolve = r)),
        close: () => req.destroy(),
      };
      let buffer = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let cut;
        while ((cut = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          const event = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (!event || data === undefined) continue;
          client.events.push(event);
          if (event !== 'snapshot' && event !== 'update') continue;
          const frame = JSON.parse(data) as FleetFrame;
          client.frames.push(frame);
          for (const s of frame.sites) client.sites.set(s.site, s);
        }
      });
      res.on('close', () => endedResolve());
      resolve(client);
    });
    req.on('error', reject);
    req.end();
  });
}
