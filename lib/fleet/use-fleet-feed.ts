'use client';
/** The fleet summary stream as React state: one feed per mounted screen, stopped on unmount. */
import { useEffect, useState, useSyncExternalStore } from 'react';
import { DISPLAY_PARAM, FLEET_STREAM_PATH } from '../api/fleet';
import { FleetFeed, type FeedState } from './fleet-feed';

/** Stream URL: a display link's screen carries its token, a signed-in page its cookie. */
export function fleetStreamUrl(display?: string): string {
  return display ? `${FLEET_STREAM_PATH}?${DISPLAY_PARAM}=${encodeURIComponent(display)}` : FLEET_STREAM_PATH;
}

export function useFleetFeed(display?: string): FeedState {
  const [feed] = useState(() => new FleetFeed(fleetStreamUrl(display)));
  useEffect(() => {
    feed.start();
    return () => feed.stop();
  }, [feed]);
  return useSyncExternalStore(feed.subscribe, feed.getState, feed.getState);
}
