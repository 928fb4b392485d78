'use client';
/**
 * What keeps an unattended wall honest: it reloads itself when a new console version is
 * deployed and once a day at a quiet hour (only while the backend answers), reports a
 * heartbeat for the NOC's monitoring, and walks its frame a few pixels against burn-in.
 */
import { useEffect, useRef, useState } from 'react';
import { DISPLAY_PARAM, NOC_HEARTBEAT_MS, NOC_HEARTBEAT_PATH, type NocHeartbeat } from '@/lib/api/fleet';
import type { FeedState } from '@/lib/fleet/fleet-feed';
import { dailyReloadDue } from '@/lib/fleet/noc-wall';

const SHIFT_EVERY_MS = 120_000;

function screenId(): string {
  const bytes = new Uint8Array(9);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_');
}

export function useWallUpkeep(
  feed: FeedState,
  opts: { display?: string; quietHour: number },
): { shiftStep: number } {
  const [loadedAt] = useState(() => Date.now());
  const firstVersion = useRef<string | undefined>(undefined);
  const latest = useRef(feed);
  latest.current = feed;

  // A new version: the frame came from the new backend, so it answers; reload into it.
  useEffect(() => {
    if (!feed.version) return;
    firstVersion.current ??= feed.version;
    if (feed.version !== firstVersion.current) window.location.reload();
  }, [feed.version]);

  useEffect(() => {
    const timer = setInterval(() => {
      if (dailyReloadDue(loadedAt, Date.now(), opts.quietHour, latest.current.connection.kind === 'live'))
        window.location.reload();
    }, 60_000);
    return () => clearInterval(timer);
  }, [loadedAt, opts.quietHour]);

  useEffect(() => {
    if (!opts.display) return;
    const screen = screenId();
    const url = `${NOC_HEARTBEAT_PATH}?${DISPLAY_PARAM}=${encodeURIComponent(opts.display)}`;
    const beat = () => {
      const f = latest.current;
      const body: NocHeartbeat = {
        screen,
        version: f.version ?? '',
        lastFrameAt: f.lastUpdateAt === null ? null : new Date(f.lastUpdateAt).toISOString(),
        connection: f.connection.kind,
      };
      // A failed beat is what the monitoring sees (silence); nothing to do here.
      void fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        cache: 'no-store',
      }).catch(() => undefined);
    };
    const first = setTimeout(beat, 2000);
    const timer = setInterval(beat, NOC_HEARTBEAT_MS);
    return () => {
      clearTimeout(first);
      clearInterval(timer);
    };
  }, [opts.display]);

  const [shiftStep, setShiftStep] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => setShiftStep((n) => n + 1), SHIFT_EVERY_MS);
    return () => clearInterval(timer);
  }, []);
  return { shiftStep };
}
