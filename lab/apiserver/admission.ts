import type { ServerResponse } from 'node:http';
import { badRequest, invalid, notFound, forbidden, StatusError, type StatusCause } from '../store/status-error';
import type { SwaggerRef } from '../kinds/types';
import type { KubeObject } from '../store/types';
import type { ApiContext, ResourceRequest } from './context';
import type { AdmissionOperation } from './extensions';
import { kubevirtAdmission, webhookName } from './kubevirt-admission';
import { decodeErrors } from './builtin-schema';
import { structuralErrors, unknownFields } from './schema';
import { validateMeta } from './validate-meta';

/** `fieldValidation` query parameter; the server default is Warn. */
export function fieldValidation(q: URLSearchParams): 'Strict' | 'Warn' | 'Ignore' {
  const v = q.get('fieldValidation');
  if (v === null || v === '' || v === 'Warn') return 'Warn';
  if (v === 'Strict' || v === 'Ignore') return v;
  throw badRequest(`fieldValidation parameter unsupported: ${v}`);
}

/** `dryRun=All` (any other value is refused, as upstream does). */
export function isDryRun(q: URLSearchParams): boolean {
  const values = q.getAll('dryRun');
  for (const v of values) if (v !== 'All') throw badRequest(`Invalid dry run value: "${v}"; supported values: "All"`);
  return values.length > 0;
}

/**
 * Checks apiVersion/kind/namespace/name of an incoming body against the request and returns
 * a private copy in the storage version.
 */
export function normalizeIncoming(r: ResourceRequest, input: unknown): KubeObject {
  if (!input || typeof input !== 'object' || Array.isArray(input)) throw badRequest('Object \'Kind\' is missing in the request body');
  const obj = structuredClone(input) as KubeObject;
  const { def } = r;
  if (obj.kind !== undefined && obj.kind !== def.kind) {
    throw badRequest(`${String(obj.kind)} in version "${r.info.version}" cannot be handled as a ${def.kind}: no kind "${String(obj.kind)}" is registered for version "${r.apiVersion}"`);
  }
  if (obj.apiVersion !== undefined) {
    const av = String(obj.apiVersion);
    const slash = av.lastIndexOf('/');
    const group = slash < 0 ? '' : av.slice(0, slash);
    const version = slash < 0 ? av : av.slice(slash + 1);
    if (group !== def.group || !def.versions.includes(version)) {
      throw badRequest(`the API version in the data (${av}) does not match the expected API version (${r.apiVersion})`);
    }
  }
  obj.apiVersion = def.group ? `${def.group}/${def.versions[0]}` : (def.versions[0] ?? 'v1');
  obj.kind = def.kind;
  obj.metadata = obj.metadata && typeof obj.metadata === 'object' ? obj.metadata : {};
  const meta = obj.metadata;
  if (def.namespaced) {
    if (meta.namespace && r.ns !== undefined && meta.namespace !== r.ns) {
      throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
    }
    if (r.ns === undefined) throw new StatusError(404, 'NotFound', 'the server could not find the requested resource');
    meta.namespace = r.ns;
  } else delete meta.namespace;
  if (r.info.name !== undefined) {
    if (meta.name && meta.name !== r.info.name) {
      throw badRequest(`the name of the object (${meta.name}) does not match the name on the URL (${r.info.name})`);
    }
    meta.name = r.info.name;
  }
  delete (meta as Record<string, unknown>).selfLink;
  delete meta.managedFields;
  return obj;
}

/** NamespaceLifecycle: objects may only be created in an existing, non-terminating namespace. */
export function checkNamespace(ctx: ApiContext, r: ResourceRequest): void {
  if (!r.def.namespaced || r.ns === undefined) return;
  const ns = ctx.store.peek({ group: '', resource: 'namespaces' }, undefined, r.ns);
  if (!ns) throw notFound('', 'namespaces', r.ns);
  if (ns.metadata.deletionTimestamp) {
    throw forbidden(`${r.def.resource}${r.def.group ? `.${r.def.group}` : ''} "${ns.metadata.name}" is forbidden: unable to create new content in namespace ${r.ns} because it is being terminated`);
  }
}

function crdUnknownFields(ref: SwaggerRef, obj: KubeObject, old: KubeObject | undefined): string[] {
  // Only what this request adds counts: controllers may have stored fields the schema lacks.
  const stored = old ? new Set(unknownFields(ref, structuredClone(old), false)) : undefined;
  return unknownFields(ref, obj, true, stored);
}

/** A built-in kind: a value of the wrong type is a decode error (400 in every mode); unknown fields are returned. */
function builtinUnknownFields(r: ResourceRequest, obj: KubeObject): string[] {
  const errors = decodeErrors(r.def.model ?? '', obj);
  const bad = errors.find((e) => e.kind === 'type');
  if (bad)
    throw badRequest(
      `${r.def.kind} in version "${r.info.version}" cannot be handled as a ${r.def.kind}: json: cannot unmarshal ${bad.given} into Go struct field ${bad.owner}.${bad.field} of type ${bad.wanted}`,
    );
  return errors.map((e) => e.field);
}

/** Unknown fields: Strict refuses, Warn adds a Warning header, every mode prunes them. */
function handleUnknownFields(r: ResourceRequest, obj: KubeObject, old: KubeObject | undefined, res: ServerResponse): void {
  const unknown = r.def.model ? builtinUnknownFields(r, obj) : r.def.swagger ? crdUnknownFields(r.def.swagger, obj, old) : [];
  if (!unknown.length) return;
  const mode = fieldValidation(r.query);
  if (mode === 'Strict') {
    const list = unknown.map((f) => `unknown field "${f}"`).join(', ');
    throw badRequest(`${r.def.kind} in version "${r.info.version}" cannot be handled as a ${r.def.kind}: strict decoding error: ${list}`);
  }
  if (mode === 'Warn') for (const f of unknown) addWarning(res, `unknown field "${f}"`);
}

/** Appends a `Warning: 299 - "…"` header (kubectl prints each as `Warning: …`). */
export function addWarning(res: ServerResponse, text: string): void {
  const value = `299 - ${JSON.stringify(text)}`;
  const prev = res.getHeader('Warning');
  const list = Array.isArray(prev) ? prev.map(String) : prev === undefined ? [] : [String(prev)];
  res.setHeader('Warning', [...list, value]);
}

/** Deprecation warnings KubeVirt's webhooks and CRDs attach. */
function deprecationWarnings(r: ResourceRequest, obj: KubeObject): void {
  if (r.def.group === 'kubevirt.io' && r.info.version === 'v1alpha3') addWarning(r.res, 'kubevirt.io/v1alpha3 is now deprecated and will be removed in a future release.');
  if (r.def.group === 'kubevirt.io' && r.def.resource === 'virtualmachines' && obj.spec?.running !== undefined && obj.spec?.running !== null) {
    addWarning(r.res, 'spec.running is deprecated, please use spec.runStrategy instead.');
  }
}

/** Validation and admission of a create or update, in kube-apiserver's order. Returns the object to store. */
export function admit(ctx: ApiContext, r: ResourceRequest, op: AdmissionOperation, obj: KubeObject, old: KubeObject | undefined): KubeObject {
  const { def } = r;
  handleUnknownFields(r, obj, old, r.res);
  const causes: StatusCause[] = validateMeta(obj, def.resource === 'namespaces', op === 'CREATE');
  if (def.swagger) {
    // As with unknown fields, errors already present in the stored object are not this request's.
    const before = old ? new Set(structuralErrors(def.swagger, old).map((c) => `${c.field}|${c.message}`)) : undefined;
    causes.push(...structuralErrors(def.swagger, obj).filter((c) => !before?.has(`${c.field}|${c.message}`)));
  }
  const name = obj.metadata.name ?? obj.metadata.generateName ?? '';
  if (causes.length) throw invalid(def.group, def.kind, name, causes);
  const webhook = kubevirtAdmission(def.resource, def.group, obj, ctx.store);
  if (webhook.length) {
    const text = webhook.map((c) => (c.field ? `${c.field}: ${c.message}` : c.message)).join(', ');
    throw new StatusError(422, 'Invalid', `admission webhook "${webhookName(def.group, def.resource)}" denied the request: ${text}`, {
      name, group: def.group, kind: def.kind, causes: webhook,
    });
  }
  deprecationWarnings(r, obj);
  const hook = ctx.extensions().admit;
  const mutated = hook ? hook(op, r.ref, obj, old, r.user) : undefined;
  return mutated ?? obj;
}
