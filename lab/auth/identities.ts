import { randomBytes } from 'node:crypto';
import type { UserInfo } from '../apiserver/extensions';

/** Bearer tokens of the lab's fixed identities. */
export interface LabTokens {
  admin: string;
  operator: string;
  viewer: string;
  /** ServiceAccount-like identity of the console BFF, allowed to impersonate (OIDC mode). */
  console: string;
}

export const CONSOLE_SA = 'system:serviceaccount:kube-system:edgevirt-console';

/** Who each token authenticates as. The groups are what RBAC bindings name. */
export const IDENTITIES: Record<keyof LabTokens, UserInfo> = {
  admin: { username: 'admin', uid: 'edgevirt-lab-admin', groups: ['system:masters', 'system:authenticated'] },
  operator: { username: 'operator', uid: 'edgevirt-lab-operator', groups: ['edgevirt:operators', 'system:authenticated'] },
  viewer: { username: 'viewer', uid: 'edgevirt-lab-viewer', groups: ['edgevirt:viewers', 'system:authenticated'] },
  console: {
    username: CONSOLE_SA,
    uid: 'edgevirt-lab-console',
    groups: ['system:serviceaccounts', 'system:serviceaccounts:kube-system', 'system:authenticated'],
  },
};

/** Fresh random tokens, one per identity. */
export function newTokens(): LabTokens {
  const t = () => randomBytes(24).toString('base64url');
  return { admin: t(), operator: t(), viewer: t(), console: t() };
}

/** Resolves a bearer token to its user, or undefined when unknown. */
export function authenticate(tokens: LabTokens, token: string): UserInfo | undefined {
  for (const key of Object.keys(tokens) as (keyof LabTokens)[]) {
    if (tokens[key] === token) return structuredClone(IDENTITIES[key]);
  }
  return undefined;
}
