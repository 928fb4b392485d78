'use client';
/**
 * What the VNC and serial components share around their session: the status (and how many
 * sessions opened, so tests and embedders see a reconnect), the wire to the backend (probe,
 * RTT ping) and a 1 s tick so countdowns and meters refresh.
 */
import { useCallback, useMemo, useRef, useState } from 'react';
import { useNow } from '@/components/ui/use-now';
import { consolePingPath, consoleProbePath, type ConsoleKind, type VmRef } from '@/lib/api/console';
import type { ConsoleConnection, ConsoleWire } from '@/lib/console/console-connection';
import { fetchProbe, measureRtt, type ConsoleStatus } from '@/lib/console/console-status';

export interface ConsoleConnectionState {
  status: ConsoleStatus;
  sessions: number;
  /** Hand this to the session: it reports status here and reaches the backend through it. */
  wire: ConsoleWire;
}

export function useConsoleConnection(vm: VmRef, kind: ConsoleKind, embedToken: string | undefined, onStatus?: (s: ConsoleStatus) => void): ConsoleConnectionState {
  const onStatusRef = useRef(onStatus);
  onStatusRef.current = onStatus;
  const [status, setStatus] = useState<ConsoleStatus>({ state: 'idle' });
  const [sessions, setSessions] = useState(0);
  useNow();
  const report = useCallback((s: ConsoleStatus) => {
    setStatus(s);
    if (s.state === 'connected') setSessions((n) => n + 1);
    onStatusRef.current?.(s);
  }, []);
  const { site, namespace, name } = vm;
  const wire = useMemo<ConsoleWire>(
    () => ({
      probe: () => fetchProbe(consoleProbePath({ site, namespace, name }, kind, embedToken)),
      pingUrl: consolePingPath(site, embedToken),
      measureRtt,
      onStatus: report,
    }),
    [site, namespace, name, kind, embedToken, report],
  );
  return { status, sessions, wire };
}

/** The status bar's figures, read from a session's connection. */
export function connectionMeters(connection: ConsoleConnection | undefined) {
  return { rttMs: connection?.rtt.smoothed, rxRate: () => connection?.rx.rate(performance.now()) ?? 0 };
}
