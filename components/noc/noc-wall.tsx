'use client';
/**
 * The NOC wall (`/noc`): a read-only kiosk screen of the fleet summary stream. No controls,
 * cursor hidden, dark, large figures; pages of tiles rotate when the fleet does not fit and
 * hold on a page with red. URL options: `display` (the display link), `lang` (en|zh), `dim`
 * (night dim hours, `22-6`), `reload` (the quiet hour of the daily reload, default 4),
 * `rotate` (seconds per page, default 20), `tier` and `region` (only the sites placed there, inside
 * the display link's scope: one link, one wall per region).
 */
import { useSearchParams } from 'next/navigation';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFleetFeed } from '@/lib/fleet/use-fleet-feed';
import {
  isDimmed,
  nextPage,
  paginate,
  parseDimHours,
  parseQuietHour,
  pixelShift,
  tilesPerPage,
  worstFirst,
} from '@/lib/fleet/noc-wall';
import { inPlacement, tierParam } from '@/lib/api/sites';
import { LANGUAGES, type Language } from '@/lib/i18n';
import { usePreferences } from '../shell/providers';
import { useNow } from '../ui/use-now';
import { NocStatusBar } from './noc-status-bar';
import { NocTile } from './noc-tile';
import { useWallUpkeep } from './use-wall-upkeep';

function useViewport(): { width: number; height: number } {
  const [size, setSize] = useState({ width: 1920, height: 1080 });
  useEffect(() => {
    const read = () => setSize({ width: window.innerWidth, height: window.innerHeight });
    read();
    window.addEventListener('resize', read);
    return () => window.removeEventListener('resize', read);
  }, []);
  return size;
}

function useWallLanguage(lang: string | null): void {
  const { language, setLanguage } = usePreferences();
  useEffect(() => {
    if (lang && (LANGUAGES as readonly string[]).includes(lang) && lang !== language)
      setLanguage(lang as Language);
  }, [lang, language, setLanguage]);
}

function Refused({ message }: { message: string }) {
  const { t } = useTranslation('noc');
  return (
    <div
      className="flex flex-1 flex-col items-center justify-center gap-6 text-center"
      data-testid="noc-refused"
    >
      <h2 className="text-[48px] font-bold">{t('refused.title')}</h2>
      <p className="max-w-[1200px] text-[28px] text-slate-300">
        {message === 'link-revoked' ? t('refused.linkRevoked') : t('refused.body', { message })}
      </p>
    </div>
  );
}

export function NocWall() {
  const params = useSearchParams();
  const display = params.get('display') ?? undefined;
  useWallLanguage(params.get('lang'));
  const { t } = useTranslation('noc');
  const feed = useFleetFeed(display);
  const now = useNow(1000);
  const { shiftStep } = useWallUpkeep(feed, { display, quietHour: parseQuietHour(params.get('reload')) });
  const viewport = useViewport();
  const fit = tilesPerPage(viewport.width, viewport.height);
  const tier = tierParam(params.get('tier'));
  const region = params.get('region') ?? undefined;
  const sorted = useMemo(
    () => worstFirst([...feed.sites.values()].filter((s) => inPlacement(s.placement, { tier, region }))),
    [feed.sites, tier, region],
  );
  // A small fleet gets bigger tiles: no empty columns or rows.
  const columns = Math.min(fit.columns, Math.max(1, sorted.length));
  const rows = Math.min(fit.rows, Math.max(1, Math.ceil(sorted.length / columns)));
  const pages = useMemo(() => paginate(sorted, columns * rows), [sorted, columns, rows]);
  const [page, setPage] = useState(0);
  const rotateMs = Math.max(5, Number(params.get('rotate')) || 20) * 1000;
  useEffect(() => {
    const timer = setInterval(() => setPage((p) => nextPage(p, pages)), rotateMs);
    return () => clearInterval(timer);
  }, [pages, rotateMs]);
  const shown = pages[Math.min(page, pages.length - 1)] ?? [];
  const shift = pixelShift(shiftStep);
  const dimmed = isDimmed(new Date(now).getHours(), parseDimHours(params.get('dim')));
  const refused = feed.connection.kind === 'refused' ? feed.connection : undefined;

  return (
    <div
      className="fixed inset-0 cursor-none overflow-hidden bg-black text-slate-100"
      data-testid="noc-wall"
      data-dimmed={dimmed ? 'true' : undefined}
    >
      <div
        className="flex h-full flex-col gap-6 p-8 transition-transform duration-[3000ms]"
        style={{
          transform: `translate(${shift.x}px, ${shift.y}px)`,
          filter: dimmed ? 'brightness(0.45)' : undefined,
        }}
      >
        <NocStatusBar
          feed={feed}
          sites={sorted}
          now={now}
          page={Math.min(page, pages.length - 1)}
          pages={pages.length}
        />
        {refused ? (
          <Refused message={refused.message} />
        ) : sorted.length === 0 && feed.lastUpdateAt !== null ? (
          <p className="text-[32px] text-slate-400">{t('empty')}</p>
        ) : (
          <main
            className="grid min-h-0 flex-1 gap-6"
            style={{
              gridTemplateColumns: `repeat(${columns}, minmax(0, 1fr))`,
              gridTemplateRows: `repeat(${rows}, minmax(0, 1fr))`,
            }}
          >
            {shown.map((s) => (
              <NocTile key={s.site} summary={s} now={now} />
            ))}
          </main>
        )}
      </div>
    </div>
  );
}
