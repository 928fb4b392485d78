/**
 * Display links, stored in one JSON file so a revocation survives a restart and holds for every
 * replica that mounts the same file (`SharedJsonFile`: each re-reads it when its mtime changes). A link's token is
 * `<id>.<secret>`; only a SHA-256 of the secret is stored, so the file grants nothing by itself.
 * Without a file the links live in this process only (said at start).
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { DisplayLinkInfo } from '../../lib/api/fleet';
import { SharedJsonFile } from '../state/shared-json-file';

export interface StoredDisplayLink extends DisplayLinkInfo {
  secretSha256: string;
}

function hash(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export class DisplayLinkStore {
  private readonly state: SharedJsonFile<{ links: StoredDisplayLink[] }>;

  constructor(file: string | undefined) {
    this.state = new SharedJsonFile(file, { links: [] });
  }

  private load(): StoredDisplayLink[] {
    return this.state.read().links;
  }

  private save(links: StoredDisplayLink[]): void {
    this.state.update(() => ({ links }));
  }

  list(): DisplayLinkInfo[] {
    return this.load().map(({ secretSha256: _s, ...info }) => info);
  }

  create(info: Omit<DisplayLinkInfo, 'id' | 'revoked' | 'createdAt'>): {
    info: DisplayLinkInfo;
    token: string;
  } {
    const id = randomBytes(6).toString('base64url');
    const secret = randomBytes(24).toString('base64url');
    const link: StoredDisplayLink = {
      ...info,
      id,
      revoked: false,
      createdAt: new Date().toISOString(),
      secretSha256: hash(secret),
    };
    this.save([...this.load(), link]);
    const { secretSha256: _s, ...out } = link;
    return { info: out, token: `${id}.${secret}` };
  }

  /** Marks a link revoked; false when there is no such link. */
  revoke(id: string): boolean {
    const links = this.load();
    if (!links.some((l) => l.id === id)) return false;
    this.save(links.map((l) => (l.id === id ? { ...l, revoked: true } : l)));
    return true;
  }

  /** The link a token names if it is valid now (not revoked, not expired), else undefined. */
  verify(token: string, now = Date.now()): DisplayLinkInfo | undefined {
    const [id, secret, extra] = token.split('.');
    if (!id || !secret || extra !== undefined) return undefined;
    const link = this.load().find((l) => l.id === id);
    if (!link || link.revoked || Date.parse(link.expiresAt) <= now) return undefined;
    const given = Buffer.from(hash(secret), 'hex');
    const stored = Buffer.from(link.secretSha256, 'hex');
    if (given.length !== stored.length || !timingSafeEqual(given, stored)) return undefined;
    const { secretSha256: _s, ...info } = link;
    return info;
  }
}
