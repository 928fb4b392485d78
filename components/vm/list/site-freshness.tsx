'use client';
/**
 * Site health as one summary line ("196 live · 3 unreachable", worst first), expandable into a
 * searchable list of per-site chips (state and data age). The list starts open for a small fleet
 * (it fits) and closed for a large one, so that hundreds of sites never push the table away.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { RelativeTime } from '@/components/ui/relative-time';
import { healthCounts, sitesMatching, type SiteView } from './site-view';

const DOT: Record<SiteView['health'], string> = {
  live: 'bg-emerald-500',
  connecting: 'bg-sky-500 animate-pulse',
  unreachable: 'bg-red-500',
  denied: 'bg-amber-500',
};
/** Up to this many sites the chips are shown without asking. */
const OPEN_UP_TO = 6;

function SiteChip({ v }: { v: SiteView }) {
  const { t, i18n } = useTranslation('vm-list');
  return (
    <li
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
      <span className="text-slate-400 tabular-nums">
        ({v.count.toLocaleString(i18n.resolvedLanguage ?? i18n.language)})
      </span>
    </li>
  );
}

export function SiteFreshness({ views }: { views: SiteView[] }) {
  const { t } = useTranslation('vm-list');
  const [open, setOpen] = useState<boolean | undefined>(undefined);
  const [q, setQ] = useState('');
  const expanded = open ?? views.length <= OPEN_UP_TO;
  const shown = expanded ? sitesMatching(views, q) : [];
  return (
    <div className="flex flex-col gap-1.5" aria-label={t('freshness.label')} role="group">
      <button
        type="button"
        className="flex w-fit items-center gap-2 text-xs text-slate-700 hover:underline dark:text-slate-300"
        aria-expanded={expanded}
        onClick={() => setOpen(!expanded)}
        data-testid="site-health-summary"
      >
        <span aria-hidden="true">{expanded ? '▾' : '▸'}</span>
        {healthCounts(views).map(([health, n], i) => (
          <span key={health} className="flex items-center gap-1" data-health={health} data-count={n}>
            {i > 0 && <span className="text-slate-400">·</span>}
            <span className={`h-1.5 w-1.5 rounded-full ${DOT[health]}`} aria-hidden="true" />
            <b className="tabular-nums">{n}</b> {t(`freshness.${health}`)}
          </span>
        ))}
      </button>
      {expanded && views.length > OPEN_UP_TO && (
        <input
          type="search"
          value={q}
          onChange={(e) => setQ(e.target.value)}
          placeholder={t('overview:search')}
          aria-label={t('overview:search')}
          className="h-7 w-56 rounded-md border border-slate-300 bg-white px-2 text-[13px] dark:border-slate-700 dark:bg-slate-900"
          data-testid="site-health-search"
        />
      )}
      {expanded && (
        <ul className="flex max-h-40 flex-wrap items-center gap-1.5 overflow-auto">
          {shown.map((v) => (
            <SiteChip key={v.site} v={v} />
          ))}
        </ul>
      )}
    </div>
  );
}
