/**
 * Equality-based label selectors (`a=b`, `a==b`, `a!=b`, `a`, `!a`), matched in the browser for
 * the list's label filter. Set-based syntax (`in`, `notin`) is rejected with a clear error.
 */
export type Requirement =
  | { key: string; op: 'eq' | 'neq'; value: string }
  | { key: string; op: 'exists' | 'absent' };

const KEY = /^([a-z0-9A-Z]([-a-z0-9A-Z_.]*[a-z0-9A-Z])?\/)?[a-z0-9A-Z]([-a-z0-9A-Z_.]*[a-z0-9A-Z])?$/;
const VALUE = /^(([a-z0-9A-Z]([-a-z0-9A-Z_.]*[a-z0-9A-Z])?)?)$/;

/** Parses a selector; throws an Error naming the bad term. */
export function parseLabelSelector(text: string): Requirement[] {
  const out: Requirement[] = [];
  for (const raw of text.split(',')) {
    const term = raw.trim();
    if (!term) continue;
    const m = /^([^=!]+?)\s*(==|=|!=)\s*(.*)$/.exec(term);
    if (m) {
      const [, key = '', op, value = ''] = m;
      if (!KEY.test(key.trim()) || !VALUE.test(value.trim())) throw new Error(`invalid label selector term: ${term}`);
      out.push({ key: key.trim(), op: op === '!=' ? 'neq' : 'eq', value: value.trim() });
      continue;
    }
    const absent = term.startsWith('!');
    const key = absent ? term.slice(1).trim() : term;
    if (!KEY.test(key)) throw new Error(`invalid label selector term: ${term}`);
    out.push(absent ? { key, op: 'absent' } : { key, op: 'exists' });
  }
  return out;
}

/** Whether labels satisfy every requirement. */
export function matchesLabels(requirements: readonly Requirement[], labels: Record<string, string> | undefined): boolean {
  const l = labels ?? {};
  return requirements.every((r) => {
    const has = Object.prototype.hasOwnProperty.call(l, r.key);
    switch (r.op) {
      case 'exists':
        return has;
      case 'absent':
        return !has;
      case 'eq':
        return has && l[r.key] === r.value;
      case 'neq':
        return !has || l[r.key] !== r.value;
    }
  });
}
