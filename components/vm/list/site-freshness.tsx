'use client';
/** Per-site chip: connection state and how long ago the data was last confirmed. */
import { useTranslation } from 'react-i18next';
import { RelativeTime } from '@/components/ui/relative-time';
import type { SiteView } from './site-view';

const DOT: Record<SiteView['health'], string> = {
  live: 'bg-emerald-500',
  connecting: 'bg-sky-500 animate-pulse',
  unreachable: 'bg-red-500',
  denied: 'bg-amber-500',
};

export function SiteFreshness({ views }: { views: SiteView[] }) {
  const { t, i18n } = useTranslation('vm-list');
  return (
    <ul className="flex flex-wrap items-center gap-1.5" aria-label={t('freshness.label')}>
      {views.map((v) => (
        <li
          key={v.site}
          data-testid="site-freshness"
          data-site={v.site}
          data-health={v.health}
          className="flex h-6 items-center gap-1.5 rounded-full bg-slate-100 px-2 text-xs text-slate-700 dark:bg-slate-800 dark:text-slate-300"
        >
          <span className={`h-1.5 w-1.5 rounded-full ${DOT[v.health]}`} aria-hidden="true" />
          <span className="font-medium">{v.site}</span>
          <span className="text-slate-500 dark:text-slate-400">
            {t(`freshness.${v.health}`)}
            {v.lastUpdated !== null && (
              <>
                {' · '}
                {t('common:state.updated')} <RelativeTime at={v.lastUpdated} />
              </>
            )}
          </span>
          <span className="text-slate-400 tabular-nums">({v.count.toLocaleString(i18n.resolvedLanguage ?? i18n.language)})</span>
        </li>
      ))}
    </ul>
  );
}
