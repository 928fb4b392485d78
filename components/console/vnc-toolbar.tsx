'use client';
import { useTranslation } from 'react-i18next';
import { KEY_COMBOS, type KeyCombo } from '@/lib/console/keysyms';
import type { ScaleMode } from './vnc-session';

export interface VncToolbarProps {
  chrome: 'full' | 'minimal';
  connected: boolean;
  /** Connecting, connected or about to retry: "Disconnect" makes sense. */
  active: boolean;
  viewOnly: boolean;
  lockViewOnly: boolean;
  scale: ScaleMode;
  onScale(s: ScaleMode): void;
  onViewOnly(v: boolean): void;
  onFullscreen(): void;
  onCtrlAltDel(): void;
  onCombo(c: KeyCombo): void;
  onPaste(): void;
  onConnect(): void;
  onDisconnect(): void;
  onScreenshot(): void;
}

const BTN =
  'rounded px-2 py-1 text-xs font-medium text-zinc-200 hover:bg-zinc-700 disabled:cursor-not-allowed disabled:opacity-40';

/** Controls above the VNC screen. Input controls are disabled while view-only or disconnected. */
export function VncToolbar(p: VncToolbarProps) {
  const { t } = useTranslation('console');
  const canType = p.connected && !p.viewOnly;
  return (
    <div className="flex flex-wrap items-center gap-1 border-b border-zinc-800 bg-zinc-950 px-2 py-1" role="toolbar">
      <button type="button" className={BTN} disabled={!canType} onClick={p.onCtrlAltDel} data-testid="vnc-ctrl-alt-del">
        {t('actions.ctrlAltDel')}
      </button>
      {p.chrome === 'full' && (
        <>
          <select
            aria-label={t('actions.keys')}
            className="rounded bg-zinc-800 px-2 py-1 text-xs text-zinc-200 disabled:opacity-40"
            disabled={!canType}
            value=""
            onChange={(e) => {
              const combo = KEY_COMBOS.find((c) => c.id === e.target.value);
              if (combo) p.onCombo(combo);
            }}
            data-testid="vnc-combos"
          >
            <option value="">{t('actions.keys')}</option>
            {KEY_COMBOS.map((c) => (
              <option key={c.id} value={c.id}>
                {t(`combos.${c.id}`)}
              </option>
            ))}
          </select>
          <button type="button" className={BTN} disabled={!canType} onClick={p.onPaste} data-testid="vnc-paste">
            {t('actions.paste')}
          </button>
          <span className="mx-1 h-4 w-px bg-zinc-700" />
          <div className="flex overflow-hidden rounded border border-zinc-700" role="group">
            {(['fit', 'native'] as const).map((s) => (
              <button
                key={s}
                type="button"
                aria-pressed={p.scale === s}
                className={`px-2 py-1 text-xs ${p.scale === s ? 'bg-zinc-700 text-white' : 'text-zinc-300 hover:bg-zinc-800'}`}
                onClick={() => p.onScale(s)}
                data-testid={`vnc-scale-${s}`}
              >
                {s === 'fit' ? t('actions.scaleFit') : t('actions.scaleNative')}
              </button>
            ))}
          </div>
          {!p.lockViewOnly && (
            <label className="ml-1 flex items-center gap-1 text-xs text-zinc-300">
              <input type="checkbox" checked={p.viewOnly} onChange={(e) => p.onViewOnly(e.target.checked)} data-testid="vnc-view-only" />
              {t('common:actions.viewOnly')}
            </label>
          )}
          <button type="button" className={BTN} disabled={!p.connected} onClick={p.onScreenshot}>
            {t('actions.screenshot')}
          </button>
        </>
      )}
      <span className="flex-1" />
      <button type="button" className={BTN} onClick={p.onFullscreen}>
        {t('actions.fullscreen')}
      </button>
      {p.chrome === 'full' &&
        (p.active ? (
          <button type="button" className={BTN} onClick={p.onDisconnect} data-testid="vnc-disconnect">
            {t('actions.disconnect')}
          </button>
        ) : (
          <button type="button" className={`${BTN} bg-sky-700 hover:bg-sky-600`} onClick={p.onConnect} data-testid="vnc-connect">
            {t('actions.connect')}
          </button>
        ))}
    </div>
  );
}
