import { badRequest } from '../store/status-error';
import type { KubeObject } from '../store/types';

/** One parsed requirement of a label selector string. */
export interface Requirement {
  key: string;
  op: 'in' | 'notin' | 'exists' | '!exists' | '=' | '!=';
  values: string[];
}

/** metav1.LabelSelector, as found in objects (aggregation rules, selectors). */
export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist'; values?: string[] }[];
}

/** Splits on commas that are not inside `( … )`. */
function splitTop(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of s) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out.map((p) => p.trim()).filter(Boolean);
}

const SET_RE = /^([^\s!=()]+)\s+(in|notin)\s*\(([^)]*)\)$/;
const EQ_RE = /^([^\s!=()]+)\s*(==|=|!=)\s*([^\s!=(),]*)$/;
const KEY_RE = /^(!?)\s*([^\s!=(),]+)$/;

/** Parses `a=b,c!=d,e in (x,y),f notin (z),g,!h`; throws 400 on a malformed selector. */
export function parseLabelSelector(s: string | null | undefined): Requirement[] {
  if (!s) return [];
  return splitTop(s).map((part) => {
    let m = SET_RE.exec(part);
    if (m) return { key: m[1] ?? '', op: m[2] as 'in' | 'notin', values: (m[3] ?? '').split(',').map((v) => v.trim()).filter(Boolean) };
    m = EQ_RE.exec(part);
    if (m) return { key: m[1] ?? '', op: m[2] === '!=' ? '!=' : '=', values: [m[3] ?? ''] };
    m = KEY_RE.exec(part);
    if (m) return { key: m[2] ?? '', op: m[1] ? '!exists' : 'exists', values: [] };
    throw badRequest(`unable to parse requirement: found '${part}', expected: in, notin, =, ==, !=, gt, lt`);
  });
}

/** Does a label map satisfy every requirement? */
export function matchRequirements(reqs: readonly Requirement[], labels: Record<string, string>): boolean {
  for (const r of reqs) {
    const has = Object.prototype.hasOwnProperty.call(labels, r.key);
    const v = labels[r.key];
    switch (r.op) {
      case 'exists': if (!has) return false; break;
      case '!exists': if (has) return false; break;
      case '=': if (!has || v !== r.values[0]) return false; break;
      case '!=': if (has && v === r.values[0]) return false; break;
      case 'in': if (!has || !r.values.includes(v ?? '')) return false; break;
      case 'notin': if (has && r.values.includes(v ?? '')) return false; break;
    }
  }
  return true;
}

/** Matches a structured LabelSelector (empty selector matches everything). */
export function matchLabelSelector(sel: LabelSelector, labels: Record<string, string>): boolean {
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) if (labels[k] !== v) return false;
  const ops = { In: 'in', NotIn: 'notin', Exists: 'exists', DoesNotExist: '!exists' } as const;
  const reqs = (sel.matchExpressions ?? []).map((e) => ({ key: e.key, op: ops[e.operator], values: e.values ?? [] }));
  return matchRequirements(reqs, labels);
}

export interface FieldRequirement {
  field: string;
  equal: boolean;
  value: string;
}

/** Parses `metadata.name=x,status.phase!=Running`; only fields in `allowed` may be used. */
export function parseFieldSelector(s: string | null | undefined, allowed: readonly string[], kind: string, apiVersion: string): FieldRequirement[] {
  if (!s) return [];
  return s.split(',').map((p) => p.trim()).filter(Boolean).map((part) => {
    const m = /^([^=!]+?)\s*(==|=|!=)\s*(.*)$/.exec(part);
    if (!m) throw badRequest(`invalid selector: '${s}'; can't understand '${part}'`);
    const field = m[1] ?? '';
    if (!allowed.includes(field)) throw badRequest(`field label not supported: ${field}`);
    void kind;
    void apiVersion;
    return { field, equal: m[2] !== '!=', value: m[3] ?? '' };
  });
}

function fieldValue(obj: KubeObject, field: string): string {
  let cur: unknown = obj;
  for (const part of field.split('.')) {
    if (cur === null || typeof cur !== 'object') return '';
    cur = (cur as Record<string, unknown>)[part];
  }
  if (cur === undefined || cur === null) return '';
  return typeof cur === 'object' ? JSON.stringify(cur) : String(cur);
}

/** Does the object satisfy every field requirement? */
export function matchFields(reqs: readonly FieldRequirement[], obj: KubeObject): boolean {
  for (const r of reqs) {
    if ((fieldValue(obj, r.field) === r.value) !== r.equal) return false;
  }
  return true;
}

/** Label and field selectors of one request, compiled once. */
export interface Selector {
  labels: Requirement[];
  fields: FieldRequirement[];
  empty: boolean;
}

export function compileSelector(labelSel: string | null, fieldSel: string | null, allowedFields: readonly string[], kind = '', apiVersion = ''): Selector {
  const labels = parseLabelSelector(labelSel);
  const fields = parseFieldSelector(fieldSel, allowedFields, kind, apiVersion);
  return { labels, fields, empty: !labels.length && !fields.length };
}

export function matches(sel: Selector, obj: KubeObject): boolean {
  if (sel.empty) return true;
  return matchRequirements(sel.labels, obj.metadata.labels ?? {}) && matchFields(sel.fields, obj);
}
