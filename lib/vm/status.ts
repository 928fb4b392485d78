/**
 * printableStatus → badge tone and a plain-language explanation (i18n keys in the `common`
 * namespace: `vmStatus.<Status>.label` / `.explanation`). Pure; the tone is a word, its colours live in components/ui/tone-classes.ts.
 */
import { PRINTABLE_STATUSES, type PrintableStatus } from '../k8s/resources/virtual-machine';

export type StatusTone = 'success' | 'progress' | 'neutral' | 'warning' | 'danger' | 'unknown';

export interface StatusPresentation {
  status: PrintableStatus;
  tone: StatusTone;
  /** The VM is on its way to another state (a spinner-worthy badge). */
  transitional: boolean;
  labelKey: string;
  explanationKey: string;
}

const TONES: Record<PrintableStatus, StatusTone> = {
  Running: 'success',
  Stopped: 'neutral',
  Paused: 'warning',
  Starting: 'progress',
  Stopping: 'progress',
  Terminating: 'progress',
  Migrating: 'progress',
  Provisioning: 'progress',
  WaitingForVolumeBinding: 'progress',
  WaitingForReceiver: 'progress',
  ErrorPvcNotFound: 'danger',
  DataVolumeError: 'danger',
  ErrorUnschedulable: 'danger',
  ErrImagePull: 'danger',
  ImagePullBackOff: 'danger',
  CrashLoopBackOff: 'danger',
  Unknown: 'unknown',
};

/** How to show a printableStatus; unrecognised text is shown as Unknown. */
export function presentStatus(status: string | undefined): StatusPresentation {
  const known = (PRINTABLE_STATUSES as readonly string[]).includes(status ?? '') ? (status as PrintableStatus) : 'Unknown';
  const tone = TONES[known];
  return {
    status: known,
    tone,
    transitional: tone === 'progress',
    labelKey: `vmStatus.${known}.label`,
    explanationKey: `vmStatus.${known}.explanation`,
  };
}
