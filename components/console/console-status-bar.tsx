'use client';
import { useTranslation } from 'react-i18next';
import type { ConsoleStatus } from '@/lib/console/console-status';
import { formatRate } from '@/lib/console/meters';
import { useNow } from '@/components/ui/use-now';

export interface ConsoleStatusBarProps {
  status: ConsoleStatus;
  /** Smoothed round-trip time in ms. */
  rttMs?: number;
  /** Received bytes per second. */
  rxRate?: () => number;
  onReconnect?: () => void;
}

const DOT: Record<ConsoleStatus['state'], string> = {
  idle: 'bg-zinc-400',
  connecting: 'bg-amber-400 animate-pulse',
  connected: 'bg-emerald-500',
  disconnected: 'bg-rose-500',
};

/** One line under a console: state and why, retry countdown, RTT and throughput. */
export function ConsoleStatusBar({ status, rttMs, rxRate, onReconnect }: ConsoleStatusBarProps) {
  const { t } = useTranslation('console');
  const now = useNow();
  let text: string;
  if (status.state === 'connecting') {
    text = status.attempt > 0 ? t('state.reconnecting', { attempt: status.attempt + 1 }) : t('state.connecting');
  } else {
    text = t(`state.${status.state}`);
  }
  const reason = status.state === 'disconnected' ? t(`reason.${status.reason}`) : undefined;
  const retry =
    status.state === 'disconnected' && status.retryAt !== undefined
      ? t('retryIn', { seconds: Math.max(0, Math.ceil((status.retryAt - now) / 1000)) })
      : undefined;
  return (
    <div
      className="flex flex-wrap items-center gap-x-4 gap-y-1 border-t border-zinc-200 bg-zinc-50 px-3 py-1.5 text-xs text-zinc-600 dark:border-zinc-800 dark:bg-zinc-900 dark:text-zinc-400"
      data-testid="console-status"
      data-state={status.state}
      data-reason={status.state === 'disconnected' ? status.reason : undefined}
      role="status"
      aria-live="polite"
    >
      <span className="flex items-center gap-2 font-medium text-zinc-800 dark:text-zinc-200">
        <span className={`inline-block h-2 w-2 rounded-full ${DOT[status.state]}`} aria-hidden />
        {text}
      </span>
      {reason && (
        <span data-testid="console-reason" title={status.state === 'disconnected' ? status.detail : undefined}>
          {reason}
        </span>
      )}
      {retry && <span>{retry}</span>}
      {retry && onReconnect && (
        <button type="button" className="text-sky-700 underline dark:text-sky-400" onClick={onReconnect}>
          {t('actions.reconnect')}
        </button>
      )}
      <span className="ml-auto tabular-nums" data-testid="console-rtt">
        {rttMs === undefined ? t('rttUnknown') : t('rtt', { ms: Math.round(rttMs) })}
      </span>
      {rxRate && (
        <span className="tabular-nums" data-testid="console-throughput">
          {t('throughput', { rate: formatRate(rxRate()) })}
        </span>
      )}
    </div>
  );
}
