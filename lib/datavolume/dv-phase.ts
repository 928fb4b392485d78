/**
 * DataVolume phase → badge tone and plain words (i18n keys in the `datavolumes` namespace:
 * `phase.<Phase>.label` / `.explanation`). Pure; colours live in components/ui/tone-classes.ts.
 */
import type { StatusTone } from '../vm/status';

/** Every phase CDI v1beta1 sets (API-FACTS, CDI section), plus Unknown for anything else. */
export const DV_PHASES = [
  'Pending',
  'PVCBound',
  'ImportScheduled',
  'ImportInProgress',
  'CloneScheduled',
  'CloneInProgress',
  'CSICloneInProgress',
  'SnapshotForSmartCloneInProgress',
  'CloneFromSnapshotSourceInProgress',
  'SmartClonePVCInProgress',
  'ExpansionInProgress',
  'NamespaceTransferInProgress',
  'PrepClaimInProgress',
  'RebindInProgress',
  'UploadScheduled',
  'UploadReady',
  'WaitForFirstConsumer',
  'PendingPopulation',
  'Paused',
  'Succeeded',
  'Failed',
  'Unknown',
] as const;
export type KnownDvPhase = (typeof DV_PHASES)[number];

export interface DvPhasePresentation {
  phase: KnownDvPhase;
  tone: StatusTone;
  /** On its way somewhere (import running, waiting to be scheduled). */
  transitional: boolean;
  labelKey: string;
  explanationKey: string;
}

const TONES: Record<KnownDvPhase, StatusTone> = {
  Pending: 'progress',
  PVCBound: 'progress',
  ImportScheduled: 'progress',
  ImportInProgress: 'progress',
  CloneScheduled: 'progress',
  CloneInProgress: 'progress',
  CSICloneInProgress: 'progress',
  SnapshotForSmartCloneInProgress: 'progress',
  CloneFromSnapshotSourceInProgress: 'progress',
  SmartClonePVCInProgress: 'progress',
  ExpansionInProgress: 'progress',
  NamespaceTransferInProgress: 'progress',
  PrepClaimInProgress: 'progress',
  RebindInProgress: 'progress',
  UploadScheduled: 'progress',
  UploadReady: 'warning',
  WaitForFirstConsumer: 'neutral',
  PendingPopulation: 'neutral',
  Paused: 'warning',
  Succeeded: 'success',
  Failed: 'danger',
  Unknown: 'unknown',
};

/** How to show a DataVolume's phase; an empty phase is Pending (CDI has not looked yet). */
export function presentDvPhase(phase: string | undefined): DvPhasePresentation {
  const p = phase || 'Pending';
  const known = (DV_PHASES as readonly string[]).includes(p) ? (p as KnownDvPhase) : 'Unknown';
  const tone = TONES[known];
  return {
    phase: known,
    tone,
    transitional: tone === 'progress',
    labelKey: `datavolumes:phase.${known}.label`,
    explanationKey: `datavolumes:phase.${known}.explanation`,
  };
}
