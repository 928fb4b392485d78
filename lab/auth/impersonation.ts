import type { IncomingHttpHeaders } from 'node:http';
import type { UserInfo } from '../apiserver/extensions';
import type { ObjectStore } from '../store/object-store';
import { badRequest, forbidden } from '../store/status-error';
import { authorize, forbiddenMessage, type Attributes } from './rbac';

function headerList(headers: IncomingHttpHeaders, name: string, raw: string[]): string[] {
  // Node joins repeated headers with ", "; read the raw pairs so each Impersonate-Group stays whole.
  const out: string[] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) if ((raw[i] ?? '').toLowerCase() === name) out.push(raw[i + 1] ?? '');
  if (!out.length && typeof headers[name] === 'string') out.push(headers[name] as string);
  return out;
}

function check(store: ObjectStore, user: UserInfo, a: Attributes): void {
  if (!authorize(store, user, a).allowed) throw forbidden(forbiddenMessage(user, a));
}

/**
 * Applies `Impersonate-User`, `Impersonate-Group` (repeatable), `Impersonate-Uid` and
 * `Impersonate-Extra-*` as kube-apiserver does: each one is authorized with verb
 * `impersonate` for the requesting user, then the request runs as the impersonated user.
 */
export function impersonate(store: ObjectStore, user: UserInfo, headers: IncomingHttpHeaders, rawHeaders: string[]): UserInfo {
  const name = headerList(headers, 'impersonate-user', rawHeaders)[0];
  const groups = headerList(headers, 'impersonate-group', rawHeaders);
  const uid = headerList(headers, 'impersonate-uid', rawHeaders)[0];
  const extraKeys = Object.keys(headers).filter((h) => h.startsWith('impersonate-extra-'));
  if (name === undefined) {
    if (groups.length || uid !== undefined || extraKeys.length) throw badRequest('requested impersonation without a user: Impersonate-User is required');
    return user;
  }
  const sa = /^system:serviceaccount:([^:]+):([^:]+)$/.exec(name);
  if (sa) check(store, user, { verb: 'impersonate', group: '', resource: 'serviceaccounts', namespace: sa[1], name: sa[2] });
  else check(store, user, { verb: 'impersonate', group: '', resource: 'users', name });
  for (const g of groups) check(store, user, { verb: 'impersonate', group: '', resource: 'groups', name: g });
  if (uid !== undefined) check(store, user, { verb: 'impersonate', group: 'authentication.k8s.io', resource: 'uids', name: uid });
  const extra: Record<string, string[]> = {};
  for (const h of extraKeys) {
    const key = decodeURIComponent(h.slice('impersonate-extra-'.length));
    const values = headerList(headers, h, rawHeaders);
    for (const v of values) check(store, user, { verb: 'impersonate', group: 'authentication.k8s.io', resource: 'userextras', subresource: key, name: v });
    extra[key] = values;
  }
  const allGroups = [...groups];
  if (sa) allGroups.push('system:serviceaccounts', `system:serviceaccounts:${sa[1]}`);
  if (name !== 'system:anonymous' && !allGroups.includes('system:authenticated')) allGroups.push('system:authenticated');
  const out: UserInfo = { username: name, groups: allGroups };
  if (uid !== undefined) out.uid = uid;
  if (Object.keys(extra).length) out.extra = extra;
  return out;
}
