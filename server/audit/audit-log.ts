import { createWriteStream, type WriteStream } from 'node:fs';

/** One audit line: who did what where, with the result. */
export interface AuditEntry {
  time: string;
  type: 'request' | 'console' | 'signin' | 'signout' | 'fleet' | 'upgrade';
  user: string;
  groups?: string[];
  site?: string;
  verb: string;
  resource: string;
  status: number | string;
  bytesIn?: number;
  bytesOut?: number;
  durationMs?: number;
  remote?: string;
  detail?: string;
}

/** Receives audit entries; the file sink writes JSON lines, tests read them back. */
export interface AuditLog {
  write(entry: Omit<AuditEntry, 'time'> & { time?: string }): void;
  close(): Promise<void>;
}

/** Who is not signed in, as the routes write it. */
export const ANONYMOUS_USERS: ReadonlySet<string> = new Set(['(anonymous)', '(unknown)']);

export interface AuditLimits {
  /** Entries of callers who are not signed in, per client address and minute. */
  anonymousPerAddress: number;
  /** The same, summed over every address (a flood from many addresses). */
  anonymousTotal: number;
  windowMs: number;
}

export const DEFAULT_AUDIT_LIMITS: AuditLimits = {
  anonymousPerAddress: 30,
  anonymousTotal: 600,
  windowMs: 60_000,
};

/**
 * Audit log as JSON lines appended to `path` (or stderr-free no-op when no path is set, so the
 * default `npm start` does not scatter files). Appends are asynchronous and ordered. Entries of
 * signed-in users are always written; those of anonymous callers are bounded per address and in
 * total per window, and what was left out is written as one `suppressed` entry when the window
 * ends, so nobody can fill the disk by knocking.
 */
export function createAuditLog(
  path: string | undefined,
  limits: AuditLimits = DEFAULT_AUDIT_LIMITS,
): AuditLog {
  let stream: WriteStream | undefined;
  if (path) stream = createWriteStream(path, { flags: 'a', mode: 0o600 });
  const line = (entry: object) =>
    stream?.write(`${JSON.stringify({ time: new Date().toISOString(), ...entry })}\n`);
  let windowEnds = 0;
  let total = 0;
  let suppressed = 0;
  let perAddress = new Map<string, number>();
  const rollWindow = (now: number) => {
    if (now < windowEnds) return;
    if (suppressed > 0) {
      line({
        type: 'request',
        user: '(anonymous)',
        verb: 'suppressed',
        resource: '*',
        status: 429,
        detail: `${suppressed} entries of callers who were not signed in were left out in the last ${limits.windowMs / 1000} s`,
      });
    }
    windowEnds = now + limits.windowMs;
    total = 0;
    suppressed = 0;
    perAddress = new Map();
  };
  const admit = (remote: string): boolean => {
    rollWindow(Date.now());
    const mine = perAddress.get(remote) ?? 0;
    if (mine >= limits.anonymousPerAddress || total >= limits.anonymousTotal) {
      suppressed += 1;
      return false;
    }
    perAddress.set(remote, mine + 1);
    total += 1;
    return true;
  };
  return {
    write(entry) {
      if (!stream) return;
      if (ANONYMOUS_USERS.has(entry.user) && !admit(entry.remote ?? '')) return;
      line(entry);
    },
    close() {
      rollWindow(Infinity);
      const s = stream;
      stream = undefined;
      return new Promise((resolve) => (s ? s.end(resolve) : resolve()));
    },
  };
}
