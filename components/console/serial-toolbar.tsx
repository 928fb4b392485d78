'use client';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

export interface SerialToolbarProps {
  chrome: 'full' | 'minimal';
  active: boolean;
  downloadHref: string;
  /** Returns whether a match was found. */
  onFind(text: string, backwards: boolean): boolean;
  onCopy(): void;
  /** Absent in view-only mode. */
  onPaste?: () => void;
  onClear(): void;
  onConnect(): void;
  onDisconnect(): void;
}

const BTN = 'rounded px-2 py-1 text-xs font-medium text-zinc-200 hover:bg-zinc-700 disabled:opacity-40';

/** Search, copy/paste, download and connection controls above the serial terminal. */
export function SerialToolbar(p: SerialToolbarProps) {
  const { t } = useTranslation('console');
  const [query, setQuery] = useState('');
  const [missed, setMissed] = useState(false);
  const find = (backwards: boolean) => setMissed(!p.onFind(query, backwards));
  return (
    <div className="flex flex-wrap items-center gap-1 border-b border-zinc-800 bg-zinc-950 px-2 py-1" role="toolbar">
      <input
        type="search"
        className={`w-48 rounded bg-zinc-800 px-2 py-1 text-xs text-zinc-100 placeholder:text-zinc-500 ${missed ? 'ring-1 ring-rose-500' : ''}`}
        placeholder={t('searchPlaceholder')}
        aria-label={t('actions.search')}
        value={query}
        onChange={(e) => {
          setQuery(e.target.value);
          setMissed(false);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter') find(e.shiftKey);
        }}
        data-testid="serial-search"
      />
      <button type="button" className={BTN} onClick={() => find(true)} aria-label={t('actions.findPrevious')}>
        ↑
      </button>
      <button type="button" className={BTN} onClick={() => find(false)} aria-label={t('actions.findNext')}>
        ↓
      </button>
      {missed && <span className="text-xs text-rose-400">{t('noMatch')}</span>}
      <span className="mx-1 h-4 w-px bg-zinc-700" />
      <button type="button" className={BTN} onClick={p.onCopy}>
        {t('actions.copy')}
      </button>
      {p.onPaste && (
        <button type="button" className={BTN} onClick={p.onPaste}>
          {t('actions.pasteSerial')}
        </button>
      )}
      {p.chrome === 'full' && (
        <>
          <button type="button" className={BTN} onClick={p.onClear}>
            {t('actions.clear')}
          </button>
          <a className={BTN} href={p.downloadHref} download data-testid="serial-download">
            {t('actions.download')}
          </a>
        </>
      )}
      <span className="flex-1" />
      {p.chrome === 'full' &&
        (p.active ? (
          <button type="button" className={BTN} onClick={p.onDisconnect} data-testid="serial-disconnect">
            {t('actions.disconnect')}
          </button>
        ) : (
          <button type="button" className={`${BTN} bg-sky-700 hover:bg-sky-600`} onClick={p.onConnect} data-testid="serial-connect">
            {t('actions.connect')}
          </button>
        ))}
    </div>
  );
}
