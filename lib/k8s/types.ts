/**
 * Plain JSON shapes shared by every Kubernetes resource module (DESIGN convention 2).
 * Field names follow the upstream OpenAPI (`io.k8s.apimachinery.pkg.apis.meta.v1.*`).
 */
export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

export interface ObjectMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  finalizers?: string[];
  ownerReferences?: OwnerReference[];
}

/** Any object the apiserver returns; kinds narrow `spec`/`status` in their own modules. */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
}

export interface ListMeta {
  resourceVersion?: string;
  continue?: string;
  remainingItemCount?: number;
}

export interface KubeList<T extends KubeObject> {
  apiVersion?: string;
  kind?: string;
  metadata: ListMeta;
  items: T[];
}

/** `metav1.Condition`-like entry, as KubeVirt and CDI publish them. */
export interface KubeCondition {
  type: string;
  status: 'True' | 'False' | 'Unknown' | string;
  reason?: string;
  message?: string;
  lastTransitionTime?: string | null;
  lastProbeTime?: string | null;
}

/** One line of a watch stream. ERROR carries a `Status` object instead of a resource. */
export type WatchEvent<T extends KubeObject> =
  | { type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK'; object: T }
  | { type: 'ERROR'; object: { kind?: string; code?: number; reason?: string; message?: string } };

/** Stable identity of an object within one collection: `namespace/name` (or `name`). */
export function objectKey(obj: KubeObject): string {
  const ns = obj.metadata.namespace;
  const name = obj.metadata.name ?? '';
  return ns ? `${ns}/${name}` : name;
}

/** Condition of the given type, if the object reports it. */
export function findCondition(conditions: readonly KubeCondition[] | undefined, type: string): KubeCondition | undefined {
  return conditions?.find((c) => c.type === type);
}

/** One field problem of a `Status` (`metav1.StatusCause`). */
export interface StatusCause {
  reason?: string;
  message?: string;
  field?: string;
}

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  uid?: string;
  causes?: StatusCause[];
  retryAfterSeconds?: number;
}

/**
 * `metav1.Status`: how the API server, the lab and the backend all answer a failure. Read
 * leniently (every field optional: proxies and old servers omit some); written by `failureStatus`.
 */
export interface Status {
  kind?: string;
  apiVersion?: string;
  metadata?: { resourceVersion?: string };
  status?: 'Success' | 'Failure' | string;
  message?: string;
  reason?: string;
  code?: number;
  details?: StatusDetails;
}

/** A failure `Status` the way kube-apiserver writes it. */
export function failureStatus(code: number, reason: string, message: string, details?: StatusDetails): Status {
  const body: Status = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code };
  if (details) body.details = details;
  return body;
}
