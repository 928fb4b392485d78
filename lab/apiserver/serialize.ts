import { humanDuration } from '../kinds/columns';
import type { KindDef } from '../kinds/registry';
import type { KubeObject } from '../store/types';

const jsonCache = new WeakMap<KubeObject, string>();

/**
 * JSON text of a stored object as served in `version`. Stored objects are immutable (the
 * store swaps in a new object on every write), so the text is cached by identity: a
 * 10,000-item list or a 50-watcher fan-out stringifies each object once.
 */
export function objectJson(obj: KubeObject, apiVersion: string): string {
  if (obj.apiVersion !== apiVersion) return JSON.stringify({ ...obj, apiVersion });
  let text = jsonCache.get(obj);
  if (text === undefined) {
    text = JSON.stringify(obj);
    jsonCache.set(obj, text);
  }
  return text;
}

/** The object as served in `apiVersion` (a shallow copy only when the version differs). */
export function asVersion(obj: KubeObject, apiVersion: string): KubeObject {
  return obj.apiVersion === apiVersion ? obj : { ...obj, apiVersion };
}

export type IncludeObject = 'None' | 'Metadata' | 'Object';

export function columnDefinitions(def: KindDef) {
  return def.columns.map((c) => ({ name: c.name, type: c.type, format: c.format ?? '', description: c.description, priority: c.priority }));
}

function formatCell(type: string, v: unknown, now: number): unknown {
  if (type === 'date') {
    if (typeof v !== 'string') return '<unknown>';
    const t = Date.parse(v);
    return Number.isNaN(t) ? '<unknown>' : humanDuration(now - t);
  }
  if (v === undefined) return null;
  if (v !== null && typeof v === 'object') return JSON.stringify(v);
  return v;
}

/** One Table row, as kube-apiserver's table convertor builds it. */
export function tableRow(def: KindDef, obj: KubeObject, include: IncludeObject, apiVersion: string, now = Date.now()) {
  const row: Record<string, unknown> = { cells: def.columns.map((c) => formatCell(c.type, c.cell(obj), now)) };
  if (include === 'Metadata') row.object = { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: obj.metadata };
  else if (include === 'Object') row.object = asVersion(obj, apiVersion);
  return row;
}

/** Default columns (Name, Age) for kinds without printer columns. */
export function ensureColumns(def: KindDef): KindDef {
  if (def.columns.length) return def;
  return {
    ...def,
    columns: [
      { name: 'Name', type: 'string', format: 'name', description: 'Name', priority: 0, cell: (o) => o.metadata.name },
      { name: 'Created At', type: 'date', format: '', description: 'Created', priority: 0, cell: (o) => o.metadata.creationTimestamp },
    ],
  };
}

/** A Table holding the given rows. */
export function table(def: KindDef, rows: unknown[], meta: Record<string, unknown>, withColumns = true) {
  return { kind: 'Table', apiVersion: 'meta.k8s.io/v1', metadata: meta, columnDefinitions: withColumns ? columnDefinitions(def) : [], rows };
}

export function includeObjectOf(q: URLSearchParams): IncludeObject {
  const v = q.get('includeObject');
  return v === 'None' || v === 'Object' ? v : 'Metadata';
}

/** PartialObjectMetadata of an object. */
export function partialMetadata(obj: KubeObject) {
  return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: obj.metadata };
}
