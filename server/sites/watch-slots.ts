import { HttpStatusError } from '../http/status';

/**
 * Open upstream watches per site and per user. Watches ride their own agents (never the request
 * pool), so these caps are what keeps one user's watches from using up a site for everyone.
 */
export class WatchSlots {
  private readonly sites = new Map<string, { total: number; users: Map<string, number> }>();

  constructor(
    private readonly perUserPerSite: number,
    private readonly perSite: number,
  ) {}

  /** Takes a slot or throws 429 naming the cap; the returned function gives it back (once). */
  acquire(site: string, user: string): () => void {
    let s = this.sites.get(site);
    if (!s) this.sites.set(site, (s = { total: 0, users: new Map() }));
    const mine = s.users.get(user) ?? 0;
    if (mine >= this.perUserPerSite) {
      throw new HttpStatusError(
        429,
        'TooManyRequests',
        `at most ${this.perUserPerSite} open watches per user on site "${site}"; close some tabs`,
      );
    }
    if (s.total >= this.perSite) {
      throw new HttpStatusError(
        429,
        'TooManyRequests',
        `site "${site}" has ${this.perSite} open watches, the most the console keeps to one site`,
      );
    }
    s.total++;
    s.users.set(user, mine + 1);
    let released = false;
    const site_ = s;
    return () => {
      if (released) return;
      released = true;
      site_.total--;
      const left = (site_.users.get(user) ?? 1) - 1;
      if (left > 0) site_.users.set(user, left);
      else site_.users.delete(user);
    };
  }

  /** Open watches per site (for the metrics). */
  openPerSite(): Map<string, number> {
    return new Map([...this.sites].map(([site, s]) => [site, s.total]));
  }
}
