import type { Guest, GuestFactory, GuestSpec } from '../guest/types';

/**
 * The running guests of one site, by VMI uid. The factory comes from lab/guest; without one
 * (a site started before the guest module exists) VMIs still run but have no console.
 */
export class GuestRegistry {
  private readonly byUid = new Map<string, Guest>();
  private readonly exits = new Map<string, 'shutdown' | 'crashed' | 'killed'>();
  /** Adopted guests whose VMI has not launched them yet. */
  private readonly arrivals = new Set<string>();

  constructor(private readonly factory: GuestFactory | undefined) {}

  /** Starts a guest for a VMI uid; `onExit` fires once when it stops. */
  start(uid: string, spec: GuestSpec, onExit: (reason: 'shutdown' | 'crashed' | 'killed') => void): Guest | undefined {
    if (!this.factory) return undefined;
    const existing = this.byUid.get(uid);
    if (existing) return existing;
    const guest = this.factory.start(spec);
    this.byUid.set(uid, guest);
    guest.onExit((reason) => {
      if (this.byUid.get(uid) === guest) this.byUid.delete(uid);
      this.exits.set(uid, reason);
      onExit(reason);
    });
    return guest;
  }

  /** Takes over a guest that runs already (it arrived by a migration from another site). */
  adopt(uid: string, guest: Guest, onExit: (reason: 'shutdown' | 'crashed' | 'killed') => void): void {
    this.byUid.set(uid, guest);
    this.exits.delete(uid);
    this.arrivals.add(uid);
    guest.onExit((reason) => {
      if (this.byUid.get(uid) !== guest) return;
      this.byUid.delete(uid);
      this.exits.set(uid, reason);
      onExit(reason);
    });
  }

  /** True once for an adopted guest: its VMI's launch wires it up as if it had started it. */
  takeArrival(uid: string | undefined): boolean {
    return !!uid && this.arrivals.delete(uid);
  }

  get(uid: string | undefined): Guest | undefined {
    return uid ? this.byUid.get(uid) : undefined;
  }

  /** Replaces the guest of a VMI after a real migration handed back a new one. */
  replace(uid: string, guest: Guest): void {
    this.byUid.set(uid, guest);
  }

  /** How the guest of a VMI ended, once it has. */
  exitReason(uid: string | undefined): 'shutdown' | 'crashed' | 'killed' | undefined {
    return uid ? this.exits.get(uid) : undefined;
  }

  forget(uid: string): void {
    this.exits.delete(uid);
    this.byUid.delete(uid);
  }

  all(): Map<string, Guest> {
    return this.byUid;
  }

  usage() {
    return this.factory?.usage();
  }

  async stopAll(): Promise<void> {
    await this.factory?.stopAll();
    this.byUid.clear();
  }
}
