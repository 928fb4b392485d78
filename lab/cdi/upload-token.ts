import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { StatusError } from '../store/status-error';
import type { KubeObject } from '../store/types';

const b64url = (b: Buffer | string) => Buffer.from(b).toString('base64url');

/** What an upload token grants: writing into one claim until it expires. */
export interface UploadClaims {
  namespace: string;
  name: string;
  exp: number;
}

/**
 * Signs and checks CDI upload tokens: a JWT (HS256 here, RS256 in CDI) naming the PVC, valid
 * five minutes, issued by the UploadTokenRequest endpoint and checked by the upload proxy.
 */
export class UploadTokens {
  private readonly key = randomBytes(32);

  issue(namespace: string, name: string, ttlSec = 300): string {
    const now = Math.floor(Date.now() / 1000);
    const header = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
    const payload = b64url(JSON.stringify({ iss: 'cdi-apiserver', aud: ['cdi-uploadproxy'], iat: now, nbf: now, exp: now + ttlSec, pvc: { namespace, name }, operation: 'Upload' }));
    const sig = createHmac('sha256', this.key).update(`${header}.${payload}`).digest('base64url');
    return `${header}.${payload}.${sig}`;
  }

  /** The claims of a valid token, or undefined for a forged, malformed or expired one. */
  verify(token: string): UploadClaims | undefined {
    const [h, p, s] = token.split('.');
    if (!h || !p || !s) return undefined;
    const want = createHmac('sha256', this.key).update(`${h}.${p}`).digest();
    const got = Buffer.from(s, 'base64url');
    if (got.length !== want.length || !timingSafeEqual(got, want)) return undefined;
    try {
      const c = JSON.parse(Buffer.from(p, 'base64url').toString()) as { exp: number; pvc: { namespace: string; name: string } };
      if (c.exp < Date.now() / 1000) return undefined;
      return { namespace: c.pvc.namespace, name: c.pvc.name, exp: c.exp };
    } catch {
      return undefined;
    }
  }
}

/** CDI's UploadTokenRequest endpoint as an admission step: fills `status.token`. */
export function admitUploadToken(tokens: UploadTokens, obj: KubeObject): KubeObject {
  const pvcName = obj.spec?.pvcName as string | undefined;
  if (!pvcName) {
    throw new StatusError(422, 'Invalid', `UploadTokenRequest.upload.cdi.kubevirt.io "${obj.metadata.name ?? ''}" is invalid: spec.pvcName: Required value`, {
      name: obj.metadata.name, group: 'upload.cdi.kubevirt.io', kind: 'UploadTokenRequest', causes: [{ reason: 'FieldValueRequired', message: 'Required value', field: 'spec.pvcName' }],
    });
  }
  const out = structuredClone(obj);
  out.status = { token: tokens.issue(obj.metadata.namespace ?? 'default', pvcName) };
  return out;
}
