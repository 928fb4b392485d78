/**
 * Sessions and links ended before their expiry: sign-out revokes the session, so a copied
 * cookie replayed afterwards is refused and the sockets it opened close. Kept in a
 * `SharedJsonFile` (`--revocations-file`), so every replica that mounts it refuses the same
 * sessions and a revocation survives a restart; an entry is dropped once the grant it revokes
 * would have expired anyway. Only a hash of the session's id is stored.
 */
import { createHash } from 'node:crypto';
import { SharedJsonFile } from '../state/shared-json-file';

interface Revoked {
  id: string;
  /** Epoch ms after which the revoked grant would have expired anyway. */
  until: number;
}

/** The id a revocation names a session by: derived from its CSRF token, never the token itself. */
export function sessionIdOf(csrfToken: string): string {
  return createHash('sha256').update(`session:${csrfToken}`).digest('base64url').slice(0, 32);
}

export class RevocationList {
  private readonly state: SharedJsonFile<{ revoked: Revoked[] }>;

  constructor(file: string | undefined) {
    this.state = new SharedJsonFile(file, { revoked: [] });
  }

  revoke(id: string, until: number): void {
    const now = Date.now();
    this.state.update((s) => ({ revoked: [...s.revoked.filter((r) => r.until > now && r.id !== id), { id, until }] }));
  }

  isRevoked(id: string): boolean {
    return this.state.read().revoked.some((r) => r.id === id);
  }
}
