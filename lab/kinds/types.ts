import type { KubeObject } from '../store/types';

/** One column of `kubectl get` output, as the apiserver's Table printer defines it. */
export interface PrinterColumn {
  name: string;
  type: 'string' | 'integer' | 'number' | 'boolean' | 'date';
  format?: string;
  description: string;
  priority: number;
  /** Reads the cell from an object; `date` columns return an RFC 3339 timestamp. */
  cell(obj: KubeObject): unknown;
}

/** Where a kind's structural schema lives in the upstream swagger documents. */
export interface SwaggerRef {
  file: 'kubevirt' | 'cdi' | 'nad';
  definition: string;
}

/** A served resource: everything discovery, routing, storage and printing need. */
export interface KindDef {
  group: string;
  /** Served versions; the first is the storage and preferred version. */
  versions: string[];
  resource: string;
  singular: string;
  kind: string;
  namespaced: boolean;
  shortNames?: string[];
  categories?: string[];
  /** Has a `status` subresource: main-resource writes keep status, status writes keep the rest. */
  status?: boolean;
  /** Has a `scale` subresource (autoscaling/v1 Scale over spec.replicas/status.replicas). */
  scale?: boolean;
  /** Built into kube-apiserver (strategic merge patch allowed), as opposed to a CRD. */
  builtin: boolean;
  verbs: string[];
  columns: PrinterColumn[];
  swagger?: SwaggerRef;
  /** A built-in kind's upstream type as @kubernetes/client-node names it (`V1Deployment`): strict decoding. */
  model?: string;
  /** Extra fields a field selector may use, besides metadata.name/namespace. */
  fieldSelectors?: string[];
  /** Other subresources discovery lists (e.g. `pods/eviction` → policy/v1 Eviction). */
  extraSubresources?: { name: string; group: string; version: string; kind: string; verbs: string[] }[];
}

export const ALL_VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
export const CREATE_ONLY = ['create'];
