'use client';
/**
 * "Unreachable — last known state" (or "access denied") banner for each site that is not live,
 * worst first; past a few, one line counts the rest (the site health line lists them), so a
 * fleet with hundreds of sites down never pushes the table out of view.
 */
import { useTranslation } from 'react-i18next';
import { IconWarning } from '@/components/ui/icons';
import { RelativeTime } from '@/components/ui/relative-time';
import type { SiteView } from './site-view';

/** Banners shown one by one; the rest are counted. */
const SHOWN = 3;

export function StaleBanners({ views }: { views: SiteView[] }) {
  const { t } = useTranslation('vm-list');
  const bad = views.filter((v) => v.health === 'unreachable' || v.health === 'denied');
  if (bad.length === 0) return null;
  return (
    <div className="flex flex-col gap-1.5">
      {bad.slice(0, SHOWN).map((v) => (
        <div
          key={v.site}
          role="status"
          data-testid="stale-banner"
          data-site={v.site}
          className={`flex items-start gap-2 rounded-md px-3 py-2 text-[13px] ring-1 ring-inset ${
            v.health === 'denied'
              ? 'bg-amber-50 text-amber-900 ring-amber-600/20 dark:bg-amber-500/10 dark:text-amber-200'
              : 'bg-orange-50 text-orange-900 ring-orange-600/20 dark:bg-orange-500/10 dark:text-orange-200'
          }`}
        >
          <IconWarning className="mt-0.5 shrink-0" />
          <div>
            <div className="font-semibold">{t(v.health === 'denied' ? 'stale.deniedTitle' : 'stale.title', { site: v.site })}</div>
            <div>
              {v.health === 'denied' ? (
                t('stale.deniedBody')
              ) : v.listed ? (
                <>
                  {t('stale.body', { count: v.count })} <RelativeTime at={v.lastUpdated} />
                </>
              ) : (
                t('stale.neverLoaded')
              )}
            </div>
            {v.errorMessage && <div className="mt-0.5 text-xs opacity-80">{t('stale.reason', { message: v.errorMessage })}</div>}
          </div>
        </div>
      ))}
      {bad.length > SHOWN && (
        <p role="status" data-testid="stale-more" className="text-[13px] text-orange-900 dark:text-orange-200">
          {t('stale.more', { n: bad.length - SHOWN })}
        </p>
      )}
    </div>
  );
}
