import { createWriteStream, type WriteStream } from 'node:fs';

/** One audit line: who did what where, with the result. */
export interface AuditEntry {
  time: string;
  type: 'request' | 'console' | 'signin' | 'signout' | 'fleet';
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

/**
 * Audit log as JSON lines appended to `path` (or stderr-free no-op when no path is set, so the
 * default `npm start` does not scatter files). Appends are asynchronous and ordered.
 */
export function createAuditLog(path: string | undefined): AuditLog {
  let stream: WriteStream | undefined;
  if (path) stream = createWriteStream(path, { flags: 'a', mode: 0o600 });
  return {
    write(entry) {
      if (!stream) return;
      stream.write(`${JSON.stringify({ time: new Date().toISOString(), ...entry })}\n`);
    },
    close() {
      const s = stream;
      stream = undefined;
      return new Promise((resolve) => (s ? s.end(resolve) : resolve()));
    },
  };
}
