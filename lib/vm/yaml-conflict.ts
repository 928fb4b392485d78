/**
 * 409 handling for the YAML editor. When a save hits a stale resourceVersion the user sees what
 * changed on the server since they started (base → latest), and may re-apply their own changes
 * (base → mine, as a JSON patch) on top of the latest object: a 3-way merge that reports, rather
 * than overwrites, any field both sides changed differently.
 */
import jsonpatch, { type Operation } from 'fast-json-patch';

/** Server-maintained fields: never part of anyone's edit. */
const VOLATILE = ['/metadata/resourceVersion', '/metadata/generation', '/metadata/managedFields', '/status'];

function isVolatile(path: string): boolean {
  return VOLATILE.some((p) => path === p || path.startsWith(`${p}/`));
}

export interface Change {
  op: 'add' | 'remove' | 'replace';
  /** JSON pointer, e.g. `/spec/template/spec/domain/memory/guest`. */
  path: string;
  before?: unknown;
  after?: unknown;
}

function valueAt(obj: object | undefined, pointer: string): unknown {
  try {
    return obj === undefined ? undefined : jsonpatch.getValueByPointer(obj, pointer);
  } catch {
    return undefined;
  }
}

/** Field-level differences from `a` to `b`, ignoring server-maintained fields. */
export function diffObjects(a: object | undefined, b: object | undefined): Change[] {
  return jsonpatch
    .compare(a ?? {}, b ?? {})
    .filter((op) => !isVolatile(op.path))
    .map((op) => ({
      op: op.op as Change['op'],
      path: op.path,
      before: op.op === 'add' ? undefined : valueAt(a, op.path),
      after: op.op === 'remove' ? undefined : valueAt(b, op.path),
    }));
}

export interface Rebase<T extends object> {
  /** The user's edit applied onto the latest object, with the latest resourceVersion. */
  merged: T;
  /** The user's changes (base → mine). */
  mine: Change[];
  /** Paths both sides changed to different values; the merge took the user's value. */
  conflicts: Array<{ path: string; server: unknown; mine: unknown }>;
  /** User changes that could not be applied (their target vanished on the server). */
  dropped: Change[];
}

function overlaps(a: string, b: string): boolean {
  return a === b || a.startsWith(`${b}/`) || b.startsWith(`${a}/`);
}

function applyOne(doc: object, op: Operation): boolean {
  try {
    jsonpatch.applyOperation(doc, op, true, true, false);
    return true;
  } catch {
    return false;
  }
}

/**
 * Re-applies the user's edit (base → mine) on `latest`. Conflicting paths are listed so the UI
 * can show them before the user saves again; nothing is saved here.
 */
export function rebaseEdit<T extends object>(base: T, mine: T, latest: T): Rebase<T> {
  const myOps = jsonpatch.compare(base ?? {}, mine ?? {}).filter((op) => !isVolatile(op.path));
  const serverChanges = diffObjects(base, latest);
  const merged = jsonpatch.deepClone(latest) as T;
  const conflicts: Rebase<T>['conflicts'] = [];
  const dropped: Change[] = [];
  for (const op of myOps) {
    const serverTouched = serverChanges.some((c) => overlaps(c.path, op.path));
    const mineValue = op.op === 'remove' ? undefined : (op as { value: unknown }).value;
    if (serverTouched) {
      const serverValue = valueAt(latest, op.path);
      if (JSON.stringify(serverValue) !== JSON.stringify(mineValue)) conflicts.push({ path: op.path, server: serverValue, mine: mineValue });
    }
    // `replace` on a path the server removed becomes `add` where the parent still exists.
    const ok = applyOne(merged, op) || (op.op === 'replace' && applyOne(merged, { op: 'add', path: op.path, value: op.value }));
    if (!ok) dropped.push({ op: op.op as Change['op'], path: op.path, after: mineValue });
  }
  return { merged, mine: diffObjects(base, mine), conflicts, dropped };
}

/** `spec.template.spec.domain.memory.guest` for a JSON pointer, for people to read. */
export function pointerToDotted(pointer: string): string {
  return pointer
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((acc, seg) => (/^\d+$/.test(seg) ? `${acc}[${seg}]` : acc ? `${acc}.${seg}` : seg), '');
}
