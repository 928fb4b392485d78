import type { KubeObject } from '../store/types';
import type { PrinterColumn } from './types';

type Cell = (obj: KubeObject) => unknown;

/** A column builder: `col('Status', o => o.status?.phase)`. */
export function col(name: string, cell: Cell, opts: Partial<Omit<PrinterColumn, 'name' | 'cell'>> = {}): PrinterColumn {
  return { name, type: opts.type ?? 'string', format: opts.format ?? '', description: opts.description ?? name, priority: opts.priority ?? 0, cell };
}

export const nameCol = col('Name', (o) => o.metadata.name, {
  format: 'name',
  description: 'Name must be unique within a namespace. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names',
});

export const ageCol = col('Age', (o) => o.metadata.creationTimestamp, {
  type: 'date',
  description: 'CreationTimestamp is a timestamp representing the server time when this object was created.',
});

interface Condition {
  type?: string;
  status?: string;
}

/** `.status.conditions[?(@.type=='X')].status`, as KubeVirt's printer columns read it. */
export function condition(obj: KubeObject, type: string): string | undefined {
  const list = (obj.status?.conditions ?? []) as Condition[];
  return list.find((c) => c.type === type)?.status;
}

/** `.a.b.c` of an object, undefined on the first missing step. */
export function at(obj: unknown, path: string): unknown {
  let cur: unknown = obj;
  for (const part of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

/** Column reading a dotted JSON path. */
export function pathCol(name: string, path: string, opts: Partial<Omit<PrinterColumn, 'name' | 'cell'>> = {}): PrinterColumn {
  return col(name, (o) => at(o, path), opts);
}

/** kubectl's HumanDuration, so `AGE` cells read `5m`, `3h12m`, `2d`. */
export function humanDuration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 120) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 10) return s % 60 === 0 ? `${m}m` : `${m}m${s % 60}s`;
  if (m < 180) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 8) return m % 60 === 0 ? `${h}h` : `${h}h${m % 60}m`;
  if (h < 48) return `${h}h`;
  const d = Math.floor(h / 24);
  if (h < 24 * 8) return h % 24 === 0 ? `${d}d` : `${d}d${h % 24}h`;
  if (d < 365 * 2) return `${d}d`;
  const y = Math.floor(d / 365);
  if (y < 8) return d % 365 === 0 ? `${y}y` : `${y}y${d % 365}d`;
  return `${y}y`;
}
