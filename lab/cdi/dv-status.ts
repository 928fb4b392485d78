import type { KubeObject } from '../store/types';
import { setCondition } from '../controllers/conditions';
import { mutate } from '../controllers/mutate';
import { R } from '../controllers/refs';
import type { Runtime } from '../controllers/runtime';

type CondTriple = [status: 'True' | 'False' | 'Unknown', reason: string, message: string];

/** A change to a DataVolume's status: phase, progress and the Bound/Running/Ready conditions. */
export interface DvPatch {
  phase?: string;
  progress?: string;
  restartCount?: number;
  claimName?: string;
  bound?: CondTriple;
  running?: CondTriple;
  ready?: CondTriple;
}

/** CDI's progress string: two decimals with `%`, "N/A" when the total is unknown. */
export function progressString(done: number, total: number | undefined): string {
  if (!total) return 'N/A';
  return `${Math.min(100, (done / total) * 100).toFixed(2)}%`;
}

/** Applies a status patch to the stored DataVolume. */
export function patchDv(rt: Runtime, dv: KubeObject, p: DvPatch): KubeObject | undefined {
  return mutate(rt.store, R.dv, dv.metadata.namespace, dv.metadata.name ?? '', (o) => {
    if (o.metadata.uid !== dv.metadata.uid) return;
    const s = (o.status ??= {});
    if (p.phase !== undefined) s.phase = p.phase;
    if (p.progress !== undefined) s.progress = p.progress;
    if (p.restartCount !== undefined) s.restartCount = p.restartCount;
    if (p.claimName !== undefined) s.claimName = p.claimName;
    s.restartCount ??= 0;
    let conds = s.conditions ?? [];
    const put = (type: string, c?: CondTriple) => {
      if (c) conds = setCondition(conds, { type, status: c[0], reason: c[1], message: c[2] });
    };
    put('Bound', p.bound);
    put('Running', p.running);
    put('Ready', p.ready);
    s.conditions = conds;
  });
}
