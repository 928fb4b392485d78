'use client';
/** "5s ago" / "3m ago" text that ticks. */
import { useTranslation } from 'react-i18next';
import { agoParts } from '@/lib/i18n/time';
import { useNow } from './use-now';

export function RelativeTime({ at, className }: { at: number | string | null | undefined; className?: string }) {
  const { t } = useTranslation('common');
  const now = useNow(1000);
  if (at === null || at === undefined || at === '') return <span className={className}>{t('time.never')}</span>;
  const ms = typeof at === 'number' ? at : Date.parse(at);
  if (Number.isNaN(ms)) return <span className={className}>{t('time.never')}</span>;
  const { key, count } = agoParts(now - ms);
  return (
    <time className={className} dateTime={new Date(ms).toISOString()} title={new Date(ms).toLocaleString()}>
      {t(key, { count })}
    </time>
  );
}
