'use client';
/**
 * One YAML editing session of a VM: the base object (what the user started from, whose
 * resourceVersion every save carries), the text, and the save flow: server dry run, then PUT;
 * a 409 opens a conflict with the server's changes and a rebased text, never an overwrite.
 * The draft lives in sessionStorage, so it survives a failed save, a tab switch and a reload.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import { getObject, replaceObject } from '@/lib/k8s/client';
import { asKubeApiError, KubeApiError } from '@/lib/k8s/kube-api-error';
import { VM_GVR, type VirtualMachine } from '@/lib/k8s/resources/virtual-machine';
import { diffObjects, rebaseEdit, type Change, type Rebase } from '@/lib/vm/yaml-conflict';
import { lineOfField } from '@/lib/vm/yaml-field-lines';
import { parseEditedYaml, toEditableYaml } from '@/lib/vm/yaml-text';
import type { YamlParseProblem } from '@/lib/vm/yaml-field-lines';

export interface ConflictState {
  latest: VirtualMachine;
  serverChanges: Change[];
  rebase: Rebase<VirtualMachine>;
}

export interface FieldProblem {
  line: number;
  field?: string;
  message: string;
}

export type SavePhase = 'idle' | 'dryRun' | 'saving' | 'conflictCheck';

interface Draft {
  base: VirtualMachine;
  text: string;
}

function draftKey(site: string, ns: string, name: string): string {
  return `edgevirt:yaml-draft:${site}/${ns}/${name}`;
}

function loadDraft(key: string): Draft | null {
  try {
    const raw = window.sessionStorage.getItem(key);
    return raw ? (JSON.parse(raw) as Draft) : null;
  } catch {
    return null;
  }
}

/** Maps a 422's causes to editor lines (nearest existing parent when the field is absent). */
export function problemsOf(err: KubeApiError, text: string): FieldProblem[] {
  return err.causes.map((c) => ({ line: (c.field && lineOfField(text, c.field)?.line) || 1, field: c.field, message: c.message ?? c.reason ?? err.message }));
}

export function useYamlEdit(site: string, live: VirtualMachine) {
  const ns = live.metadata.namespace ?? '';
  const name = live.metadata.name ?? '';
  const key = draftKey(site, ns, name);
  const [base, setBase] = useState<VirtualMachine>(() => loadDraft(key)?.base ?? live);
  const [text, setText] = useState<string>(() => loadDraft(key)?.text ?? toEditableYaml(live));
  const [parseProblem, setParseProblem] = useState<YamlParseProblem | null>(null);
  const [error, setError] = useState<KubeApiError | null>(null);
  const [conflict, setConflict] = useState<ConflictState | null>(null);
  const [phase, setPhase] = useState<SavePhase>('idle');
  const [savedAt, setSavedAt] = useState<number | null>(null);
  /** Bumped whenever the text is replaced from outside the editor. */
  const [revision, setRevision] = useState(0);
  const baseText = useMemo(() => toEditableYaml(base), [base]);
  const dirty = text !== baseText;

  // While the user has no edits, follow the live object.
  useEffect(() => {
    if (!dirty && live.metadata.resourceVersion !== base.metadata.resourceVersion) {
      setBase(live);
      setText(toEditableYaml(live));
      setRevision((r) => r + 1);
    }
  }, [live, dirty, base.metadata.resourceVersion]);

  useEffect(() => {
    if (dirty) window.sessionStorage.setItem(key, JSON.stringify({ base, text } satisfies Draft));
    else window.sessionStorage.removeItem(key);
  }, [dirty, base, text, key]);

  useEffect(() => {
    if (!dirty) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);

  const edit = useCallback((next: string) => {
    setText(next);
    setParseProblem(null);
  }, []);

  const reset = useCallback((to: VirtualMachine, newText?: string) => {
    setBase(to);
    setText(newText ?? toEditableYaml(to));
    setRevision((r) => r + 1);
    setConflict(null);
    setError(null);
    setParseProblem(null);
  }, []);

  const openConflict = useCallback(
    async (mine: VirtualMachine) => {
      setPhase('conflictCheck');
      const latest = await getObject<VirtualMachine>(site, VM_GVR, { namespace: ns, name });
      setConflict({ latest, serverChanges: diffObjects(base, latest), rebase: rebaseEdit(base, mine, latest) });
    },
    [site, ns, name, base],
  );

  const save = useCallback(async () => {
    setError(null);
    setSavedAt(null);
    const parsed = parseEditedYaml<VirtualMachine>(text);
    if (!parsed.ok) {
      setParseProblem(parsed.problem);
      return;
    }
    const obj = parsed.object;
    // Always the resourceVersion the user started from: a newer server object must 409.
    obj.metadata = { ...(obj.metadata ?? {}), resourceVersion: base.metadata.resourceVersion };
    const ref = { namespace: ns, name };
    try {
      setPhase('dryRun');
      await replaceObject(site, VM_GVR, ref, obj, true);
      setPhase('saving');
      const saved = await replaceObject(site, VM_GVR, ref, obj);
      reset(saved);
      setSavedAt(Date.now());
    } catch (e) {
      const err = asKubeApiError(e);
      if (err.code === 409 && err.reason === 'Conflict') {
        try {
          await openConflict(obj);
        } catch (e2) {
          setError(e2 instanceof KubeApiError ? e2 : err);
        }
      } else setError(err);
    } finally {
      setPhase('idle');
    }
  }, [text, base, site, ns, name, reset, openConflict]);

  const problems: FieldProblem[] = parseProblem ? [{ line: parseProblem.line, message: parseProblem.message }] : error ? problemsOf(error, text) : [];

  return {
    text,
    revision,
    edit,
    dirty,
    base,
    phase,
    savedAt,
    error,
    parseProblem,
    problems,
    conflict,
    /** The VM changed on the server since the user started editing. */
    stale: dirty && live.metadata.resourceVersion !== base.metadata.resourceVersion,
    save,
    discard: () => reset(live),
    reapply: () => conflict && reset(conflict.latest, toEditableYaml(conflict.rebase.merged)),
    takeServer: () => conflict && reset(conflict.latest),
    closeConflict: () => setConflict(null),
  };
}
