'use client';
/** Mints an embed link for a portal: kind, view-only, lifetime and the allowed parent origins. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { EMBED_LINKS_PATH, REVOKE_EMBED_LINK_PATH, type ConsoleKind, type EmbedLink, type EmbedLinkRequest, type VmRef } from '@/lib/api/console';
import { errorFromResponse } from '@/lib/k8s/kube-api-error';
import { useSession } from '@/lib/query/session';
import { Button } from '../ui/button';

export interface EmbedLinkDialogProps {
  vm: VmRef;
  kind: ConsoleKind;
  onClose(): void;
}

export function EmbedLinkDialog({ vm, kind: initialKind, onClose }: EmbedLinkDialogProps) {
  const { t, i18n } = useTranslation('console');
  const session = useSession();
  const [kind, setKind] = useState<ConsoleKind>(initialKind);
  const [viewOnly, setViewOnly] = useState(false);
  const [minutes, setMinutes] = useState(15);
  const [origins, setOrigins] = useState('');
  const [minted, setMinted] = useState<EmbedLink | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const [revoked, setRevoked] = useState(false);

  async function revoke(link: EmbedLink) {
    setBusy(true);
    setError(undefined);
    try {
      const csrf = session.data?.authenticated ? session.data.csrfToken : '';
      const res = await fetch(REVOKE_EMBED_LINK_PATH, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'content-type': 'application/json', 'x-csrf-token': csrf },
        body: JSON.stringify({ token: link.token }),
      });
      if (!res.ok) throw await errorFromResponse(res);
      setRevoked(true);
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  }

  async function mint() {
    setBusy(true);
    setError(undefined);
    try {
      const csrf = session.data?.authenticated ? session.data.csrfToken : '';
      const res = await fetch(EMBED_LINKS_PATH, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'content-type': 'application/json', 'x-csrf-token': csrf },
        body: JSON.stringify({
          ...vm,
          kind,
          viewOnly,
          ttlSeconds: Math.round(minutes * 60),
          origins: origins.split(/[\s,]+/).filter(Boolean),
        } satisfies EmbedLinkRequest),
      });
      if (!res.ok) throw await errorFromResponse(res);
      setMinted((await res.json()) as EmbedLink);
      setRevoked(false);
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  }

  const label = 'block text-xs font-medium text-slate-600 dark:text-slate-300';
  const input = 'mt-1 w-full rounded-md border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-700 dark:bg-slate-900';
  return (
    <div className="fixed inset-0 z-40 flex items-center justify-center bg-black/40 p-4">
      <div role="dialog" aria-labelledby="embed-title" className="w-full max-w-lg rounded-lg bg-white p-5 shadow-xl dark:bg-slate-900" data-testid="embed-dialog">
        <h2 id="embed-title" className="text-base font-semibold">
          {t('embed.title')}
        </h2>
        <div className="mt-3 grid grid-cols-2 gap-3">
          <label className={label}>
            {t('embed.kind')}
            <select className={input} value={kind} onChange={(e) => setKind(e.target.value as ConsoleKind)}>
              <option value="vnc">{t('tabs.vnc')}</option>
              <option value="serial">{t('tabs.serial')}</option>
            </select>
          </label>
          <label className={label}>
            {t('embed.ttl')}
            <input className={input} type="number" min={1} max={720} value={minutes} onChange={(e) => setMinutes(Number(e.target.value))} />
          </label>
          <label className={`${label} col-span-2`}>
            {t('embed.origins')}
            <textarea className={`${input} h-16 font-mono`} value={origins} onChange={(e) => setOrigins(e.target.value)} placeholder="https://portal.example.com" />
          </label>
          <label className="col-span-2 flex items-center gap-2 text-sm">
            <input type="checkbox" checked={viewOnly} onChange={(e) => setViewOnly(e.target.checked)} />
            {t('common:actions.viewOnly')}
          </label>
        </div>
        {error && <p className="mt-3 text-sm text-red-600" role="alert">{error}</p>}
        {minted && (
          <div className="mt-3 rounded-md bg-slate-50 p-2 dark:bg-slate-800">
            <p className="text-xs text-slate-600 dark:text-slate-300">
              {t('embed.created', { time: new Date(minted.expiresAt).toLocaleString(i18n.language) })}
            </p>
            <input readOnly className={`${input} font-mono text-xs`} value={minted.url} data-testid="embed-url" onFocus={(e) => e.target.select()} />
            {revoked ? (
              <p className="mt-2 text-xs font-medium text-red-700 dark:text-red-400" role="status" data-testid="embed-revoked">
                {t('embed.revoked')}
              </p>
            ) : (
              <div className="mt-2 flex gap-2">
                <Button onClick={() => void navigator.clipboard?.writeText(minted.url).catch(() => undefined)}>{t('embed.copyLink')}</Button>
                <Button variant="ghost" disabled={busy} onClick={() => void revoke(minted)} data-testid="embed-revoke">
                  {t('embed.revoke')}
                </Button>
              </div>
            )}
          </div>
        )}
        <div className="mt-4 flex justify-end gap-2">
          <Button variant="ghost" onClick={onClose}>
            {t('common:actions.cancel')}
          </Button>
          <Button variant="primary" disabled={busy} onClick={() => void mint()}>
            {t('embed.create')}
          </Button>
        </div>
      </div>
    </div>
  );
}
