import { decodeSelfSubjectAccessReview, decodeSelfSubjectRulesReview, isK8sProtobuf, unwrapUnknown } from '../auth/protobuf';
import { applicableRules, authorize, type Attributes } from '../auth/rbac';
import { badRequest } from '../store/status-error';
import type { ApiContext, ResourceRequest } from './context';
import { parseObjectBody, readBody, sendJson } from './http-util';

/* eslint-disable @typescript-eslint/no-explicit-any -- review bodies are untyped JSON */

async function body(r: ResourceRequest, decode: (raw: Uint8Array) => Record<string, unknown>): Promise<any> {
  const buf = await readBody(r.req);
  if (isK8sProtobuf(buf)) return decode(unwrapUnknown(buf).raw);
  const parsed = parseObjectBody(buf, 'application/json') as any;
  if (!parsed || typeof parsed !== 'object') throw badRequest('invalid review body');
  return parsed;
}

function attributesOf(spec: any): Attributes {
  if (spec?.nonResourceAttributes) return { verb: spec.nonResourceAttributes.verb ?? '', path: spec.nonResourceAttributes.path ?? '' };
  const ra = spec?.resourceAttributes ?? {};
  return {
    verb: ra.verb ?? '', group: ra.group ?? '', resource: ra.resource ?? '', subresource: ra.subresource || undefined,
    namespace: ra.namespace || undefined, name: ra.name || undefined,
  };
}

/** POST selfsubjectaccessreviews: asks the RBAC authorizer about the caller. */
async function accessReview(ctx: ApiContext, r: ResourceRequest): Promise<void> {
  const review = await body(r, decodeSelfSubjectAccessReview);
  const spec = review.spec ?? {};
  if (!spec.resourceAttributes && !spec.nonResourceAttributes) throw badRequest('exactly one of nonResourceAttributes or resourceAttributes must be specified');
  const decision = authorize(ctx.store, r.user, attributesOf(spec));
  const status: Record<string, unknown> = { allowed: decision.allowed };
  if (decision.reason) status.reason = decision.reason;
  sendJson(r.res, 201, { kind: 'SelfSubjectAccessReview', apiVersion: 'authorization.k8s.io/v1', metadata: { creationTimestamp: null }, spec, status });
}

/** POST selfsubjectrulesreviews: the caller's rules in a namespace. */
async function rulesReview(ctx: ApiContext, r: ResourceRequest): Promise<void> {
  const review = await body(r, decodeSelfSubjectRulesReview);
  const ns = review.spec?.namespace;
  if (!ns) throw badRequest('no namespace on request');
  const resourceRules: unknown[] = [];
  const nonResourceRules: unknown[] = [];
  for (const { rules } of applicableRules(ctx.store, r.user, ns)) {
    for (const rule of rules) {
      if (rule.nonResourceURLs?.length) nonResourceRules.push({ verbs: rule.verbs ?? [], nonResourceURLs: rule.nonResourceURLs });
      else {
        const out: Record<string, unknown> = { verbs: rule.verbs ?? [], apiGroups: rule.apiGroups ?? [], resources: rule.resources ?? [] };
        if (rule.resourceNames?.length) out.resourceNames = rule.resourceNames;
        resourceRules.push(out);
      }
    }
  }
  sendJson(r.res, 201, {
    kind: 'SelfSubjectRulesReview', apiVersion: 'authorization.k8s.io/v1', metadata: { creationTimestamp: null }, spec: { namespace: ns },
    status: { resourceRules, nonResourceRules, incomplete: false },
  });
}

/** POST selfsubjectreviews: who am I (`kubectl auth whoami`). */
async function selfReview(r: ResourceRequest): Promise<void> {
  await readBody(r.req);
  const userInfo: Record<string, unknown> = { username: r.user.username, groups: r.user.groups };
  if (r.user.uid) userInfo.uid = r.user.uid;
  if (r.user.extra) userInfo.extra = r.user.extra;
  sendJson(r.res, 201, { kind: 'SelfSubjectReview', apiVersion: r.apiVersion, metadata: { creationTimestamp: null }, status: { userInfo } });
}

/** Handles the review kinds; returns false for other resources. */
export async function handleReview(ctx: ApiContext, r: ResourceRequest): Promise<boolean> {
  if (r.info.verb !== 'create') return false;
  if (r.def.resource === 'selfsubjectaccessreviews') await accessReview(ctx, r);
  else if (r.def.resource === 'selfsubjectrulesreviews') await rulesReview(ctx, r);
  else if (r.def.resource === 'selfsubjectreviews') await selfReview(r);
  else return false;
  return true;
}
