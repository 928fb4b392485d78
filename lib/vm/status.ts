/**
 * printableStatus → badge tone and a plain-language explanation (i18n keys in the `common`
 * namespace: `vmStatus.<Status>.label` / `.explanation`). Pure; the UI never decides colour.
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

/** Tailwind classes per tone (light and dark), in one place. */
export const TONE_CLASSES: Record<StatusTone, string> = {
  success: 'bg-emerald-50 text-emerald-800 ring-emerald-600/25 dark:bg-emerald-500/10 dark:text-emerald-300 dark:ring-emerald-400/30',
  progress: 'bg-sky-50 text-sky-800 ring-sky-600/25 dark:bg-sky-500/10 dark:text-sky-300 dark:ring-sky-400/30',
  neutral: 'bg-slate-100 text-slate-700 ring-slate-500/25 dark:bg-slate-500/15 dark:text-slate-300 dark:ring-slate-400/25',
  warning: 'bg-amber-50 text-amber-800 ring-amber-600/30 dark:bg-amber-500/10 dark:text-amber-300 dark:ring-amber-400/30',
  danger: 'bg-red-50 text-red-800 ring-red-600/25 dark:bg-red-500/10 dark:text-red-300 dark:ring-red-400/30',
  unknown: 'bg-zinc-100 text-zinc-600 ring-zinc-500/25 dark:bg-zinc-500/15 dark:text-zinc-300 dark:ring-zinc-400/25',
};
