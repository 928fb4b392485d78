'use client';
/** React state for a console connection plus a 1 s tick so countdowns and meters refresh. */
import { useEffect, useState } from 'react';
import type { ConsoleStatus } from '@/lib/console/console-status';

export function useTick(ms = 1_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(id);
  }, [ms]);
  return now;
}

export function useConsoleStatus(): [ConsoleStatus, (s: ConsoleStatus) => void] {
  return useState<ConsoleStatus>({ state: 'idle' });
}
