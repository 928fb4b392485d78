import protobuf from 'protobufjs';
import { badRequest } from '../store/status-error';

const MAGIC = Buffer.from([0x6b, 0x38, 0x73, 0x00]); // "k8s\0"

type Fields = Map<number, Uint8Array[]>;

/** Reads one message into field number → raw values (bytes for length-delimited fields). */
function readFields(buf: Uint8Array): Fields {
  const r = protobuf.Reader.create(buf);
  const out: Fields = new Map();
  while (r.pos < r.len) {
    const tag = r.uint32();
    const field = tag >>> 3;
    const wire = tag & 7;
    let value: Uint8Array;
    if (wire === 2) value = r.bytes();
    else {
      r.skipType(wire);
      continue;
    }
    const list = out.get(field) ?? [];
    list.push(value);
    out.set(field, list);
  }
  return out;
}

function str(f: Fields, n: number): string | undefined {
  const v = f.get(n)?.[0];
  return v instanceof Uint8Array ? Buffer.from(v).toString('utf8') : undefined;
}

function sub(f: Fields, n: number): Fields | undefined {
  const v = f.get(n)?.[0];
  return v instanceof Uint8Array ? readFields(v) : undefined;
}

function compact<T extends Record<string, unknown>>(o: T): T {
  for (const k of Object.keys(o)) if (o[k] === undefined || o[k] === '') delete o[k];
  return o;
}

/** Is this body in the `application/vnd.kubernetes.protobuf` envelope? */
export function isK8sProtobuf(body: Buffer): boolean {
  return body.length >= 4 && body.subarray(0, 4).equals(MAGIC);
}

/** Unwraps runtime.Unknown: returns apiVersion, kind and the raw inner message. */
export function unwrapUnknown(body: Buffer): { apiVersion?: string; kind?: string; raw: Uint8Array } {
  if (!isK8sProtobuf(body)) throw badRequest('protobuf body without the k8s envelope');
  const unknown = readFields(body.subarray(4));
  const typeMeta = sub(unknown, 1);
  const raw = unknown.get(2)?.[0];
  return {
    apiVersion: typeMeta ? str(typeMeta, 1) : undefined,
    kind: typeMeta ? str(typeMeta, 2) : undefined,
    raw: raw instanceof Uint8Array ? raw : new Uint8Array(),
  };
}

/** SelfSubjectAccessReview{metadata=1, spec=2{resourceAttributes=1, nonResourceAttributes=2}} as JSON. */
export function decodeSelfSubjectAccessReview(raw: Uint8Array): Record<string, unknown> {
  const spec = sub(readFields(raw), 2);
  const out: Record<string, unknown> = {};
  const ra = spec && sub(spec, 1);
  if (ra) {
    out.resourceAttributes = compact({
      namespace: str(ra, 1), verb: str(ra, 2), group: str(ra, 3), version: str(ra, 4),
      resource: str(ra, 5), subresource: str(ra, 6), name: str(ra, 7),
    });
  }
  const na = spec && sub(spec, 2);
  if (na) out.nonResourceAttributes = compact({ path: str(na, 1), verb: str(na, 2) });
  return { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', metadata: {}, spec: out };
}

/** SelfSubjectRulesReview{metadata=1, spec=2{namespace=1}} as JSON. */
export function decodeSelfSubjectRulesReview(raw: Uint8Array): Record<string, unknown> {
  const spec = sub(readFields(raw), 2);
  return { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectRulesReview', metadata: {}, spec: compact({ namespace: spec ? str(spec, 1) : undefined }) };
}

/** ObjectMeta{name=1, generateName=2, namespace=3, labels=11, annotations=12} as JSON. */
function decodeMeta(f: Fields | undefined): Record<string, unknown> {
  if (!f) return {};
  const map = (n: number) => {
    const entries = (f.get(n) ?? []).filter((v): v is Uint8Array => v instanceof Uint8Array).map((e) => readFields(e));
    return entries.length ? Object.fromEntries(entries.map((e) => [str(e, 1) ?? '', str(e, 2) ?? ''])) : undefined;
  };
  return compact({ name: str(f, 1), generateName: str(f, 2), namespace: str(f, 3), labels: map(11), annotations: map(12) });
}

function subs(f: Fields, n: number): Fields[] {
  return (f.get(n) ?? []).map((v) => readFields(v));
}

function strs(f: Fields, n: number): string[] {
  return (f.get(n) ?? []).map((v) => Buffer.from(v).toString('utf8'));
}

/** rbac/v1 PolicyRule{verbs=1, apiGroups=2, resources=3, resourceNames=4, nonResourceURLs=5}. */
function decodeRule(r: Fields): Record<string, string[]> {
  const out: Record<string, string[]> = { verbs: strs(r, 1) };
  const fields = [[2, 'apiGroups'], [3, 'resources'], [4, 'resourceNames'], [5, 'nonResourceURLs']] as const;
  for (const [n, name] of fields) if (r.has(n)) out[name] = strs(r, n);
  return out;
}

function decodeStringMap(f: Fields, n: number, base64: boolean): Record<string, string> | undefined {
  const entries = (f.get(n) ?? []).filter((v): v is Uint8Array => v instanceof Uint8Array).map((e) => readFields(e));
  if (!entries.length) return undefined;
  return Object.fromEntries(entries.map((e) => {
    const v = e.get(2)?.[0];
    const bytes = v instanceof Uint8Array ? Buffer.from(v) : Buffer.alloc(0);
    return [str(e, 1) ?? '', base64 ? bytes.toString('base64') : bytes.toString('utf8')];
  }));
}

/**
 * Typed kubectl commands (`create namespace|configmap|secret|serviceaccount|role|rolebinding|…`) post protobuf.
 * Decodes the fields those commands set; other kinds are refused with 415 by the caller.
 */
export function decodeTypedObject(kind: string, apiVersion: string, raw: Uint8Array): Record<string, unknown> | undefined {
  const f = readFields(raw);
  const base = { apiVersion, kind, metadata: decodeMeta(sub(f, 1)) };
  switch (kind) {
    case 'Namespace':
    case 'ServiceAccount':
      return base;
    case 'ConfigMap':
      return compact({ ...base, data: decodeStringMap(f, 2, false), binaryData: decodeStringMap(f, 3, true) });
    case 'Secret':
      return compact({ ...base, data: decodeStringMap(f, 2, true), type: str(f, 3), stringData: decodeStringMap(f, 5, false) });
    case 'Role':
    case 'ClusterRole':
      return { ...base, rules: subs(f, 2).map(decodeRule) };
    case 'RoleBinding':
    case 'ClusterRoleBinding': {
      const ref = sub(f, 3);
      return {
        ...base,
        subjects: subs(f, 2).map((s) => compact({ kind: str(s, 1), apiGroup: str(s, 2), name: str(s, 3), namespace: str(s, 4) })),
        roleRef: ref ? { apiGroup: str(ref, 1) ?? '', kind: str(ref, 2), name: str(ref, 3) } : undefined,
      };
    }
    case 'Eviction': {
      // policy/v1 Eviction: metadata (1), deleteOptions (2) whose dryRun is field 5.
      const opts = sub(f, 2);
      return { ...base, ...(opts ? { deleteOptions: compact({ dryRun: strs(opts, 5).length ? strs(opts, 5) : undefined }) } : {}) };
    }
    default:
      return undefined;
  }
}
