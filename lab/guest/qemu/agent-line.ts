import type net from 'node:net';
import { StatusError } from '../../store/status-error';

/** Result of one command on the guest's control line. */
export interface AgentResult {
  output: string;
  code: number;
}

interface Job {
  id: number;
  resolve: (r: AgentResult) => void;
  reject: (e: Error) => void;
  timer: NodeJS.Timeout;
}

/**
 * The harness's control line: the guest's second serial port (ttyS1) runs a raw, non-echoing
 * shell loop (see lab/guest-image/rootfs/sbin/agent). Each command is wrapped in unique begin/end
 * markers so output and exit code are cut out exactly, even if an early line was echoed.
 */
export class AgentLine {
  private buffer = '';
  private nextId = 1;
  private readonly jobs = new Map<number, Job>();
  private readyResolve: (() => void) | undefined;
  /** Resolves when the guest's agent printed its banner (a fresh boot). */
  readonly booted: Promise<void>;

  constructor(private readonly socket: net.Socket) {
    this.booted = new Promise((resolve) => (this.readyResolve = resolve));
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => this.onData(chunk));
    socket.on('error', () => undefined);
    socket.on('close', () => this.failAll('control line closed'));
  }

  /** Runs one shell command line in the guest. */
  run(command: string, timeoutMs = 10_000): Promise<AgentResult> {
    if (command.includes('\n')) throw new StatusError(400, 'BadRequest', 'agent commands are single lines');
    if (this.socket.destroyed) return Promise.reject(new StatusError(503, 'ServiceUnavailable', 'control line closed'));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.jobs.delete(id);
        reject(new StatusError(504, 'Timeout', `guest did not answer \`${command}\` within ${timeoutMs} ms`));
      }, timeoutMs);
      this.jobs.set(id, { id, resolve, reject, timer });
      this.socket.write(`echo __EVB_${id}__; { ${command} ; } 2>&1; echo __EVE_${id}__ $?\n`);
    });
  }

  /** Retries a trivial command until the guest answers (after a boot or a migration). */
  async probe(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        await this.run('true', Math.min(2000, Math.max(500, deadline - Date.now())));
        return;
      } catch (err) {
        if (Date.now() >= deadline) throw err;
      }
    }
  }

  close(): void {
    this.socket.destroy();
  }

  private onData(chunk: string): void {
    this.buffer += chunk;
    if (this.buffer.includes('agent ready')) this.readyResolve?.();
    for (const job of [...this.jobs.values()]) this.tryFinish(job);
    if (this.jobs.size === 0 && this.buffer.length > 65536) this.buffer = this.buffer.slice(-1024);
  }

  private tryFinish(job: Job): void {
    const end = new RegExp(`(?:^|\\n)__EVE_${job.id}__ (\\d+)\\r?\\n`).exec(this.buffer);
    if (!end) return;
    const begin = new RegExp(`(?:^|\\n)__EVB_${job.id}__\\r?\\n`).exec(this.buffer);
    const from = begin ? begin.index + begin[0].length : 0;
    const output = this.buffer.slice(from, end.index + (end[0].startsWith('\n') ? 1 : 0));
    this.buffer = this.buffer.slice(end.index + end[0].length);
    clearTimeout(job.timer);
    this.jobs.delete(job.id);
    job.resolve({ output: output.replace(/\r/g, ''), code: Number(end[1]) });
  }

  private failAll(message: string): void {
    for (const job of this.jobs.values()) {
      clearTimeout(job.timer);
      job.reject(new StatusError(503, 'ServiceUnavailable', message));
    }
    this.jobs.clear();
  }
}
