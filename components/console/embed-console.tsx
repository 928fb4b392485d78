'use client';
/**
 * The embeddable console (`/embed/<token>`): minimal chrome, the link's own authentication,
 * and a postMessage channel with the portal that frames it. It works only inside a frame whose
 * origin the link allows; events go to that origin only and commands are taken from it only.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { currentEmbedLinkPath, type EmbedLinkInfo } from '@/lib/api/console';
import type { ConsoleStatus } from '@/lib/console/console-status';
import { originAllowed, parseEmbedCommand } from '@/lib/console/embed-protocol';
import { embedMessageFor, parentOrigin } from '@/lib/console/embed-status';
import { SerialConsole, type SerialConsoleHandle } from './serial-console';
import { VncConsole, type VncConsoleHandle } from './vnc-console';

type Phase = { state: 'loading' } | { state: 'refused'; reason: string } | { state: 'ready'; link: EmbedLinkInfo; parent: string };

async function loadLink(token: string): Promise<EmbedLinkInfo | { refused: string }> {
  const res = await fetch(currentEmbedLinkPath(token), { cache: 'no-store' });
  if (res.ok) return (await res.json()) as EmbedLinkInfo;
  const body = (await res.json().catch(() => ({}))) as { reason?: string; message?: string };
  return { refused: body.reason === 'Expired' ? 'expired' : 'unauthorized' };
}

export function EmbedConsole({ token }: { token: string }) {
  const { t } = useTranslation('console');
  const [phase, setPhase] = useState<Phase>({ state: 'loading' });
  const vncRef = useRef<VncConsoleHandle>(null);
  const serialRef = useRef<SerialConsoleHandle>(null);

  useEffect(() => {
    let live = true;
    void loadLink(token).then((r) => {
      if (!live) return;
      if ('refused' in r) return setPhase({ state: 'refused', reason: r.refused });
      const parent = parentOrigin(window);
      if (!parent || !originAllowed(parent, r.origins)) return setPhase({ state: 'refused', reason: 'forbidden' });
      setPhase({ state: 'ready', link: r, parent });
    });
    return () => {
      live = false;
    };
  }, [token]);

  const ready = phase.state === 'ready' ? phase : undefined;
  useEffect(() => {
    if (!ready) return;
    const onMessage = (ev: MessageEvent) => {
      if (ev.source !== window.parent || !originAllowed(ev.origin, ready.link.origins)) return;
      const command = parseEmbedCommand(ev.data);
      if (command === 'sendCtrlAltDel') vncRef.current?.sendCtrlAltDel();
      if (command === 'disconnect') {
        vncRef.current?.disconnect();
        serialRef.current?.disconnect();
      }
    };
    window.addEventListener('message', onMessage);
    return () => window.removeEventListener('message', onMessage);
  }, [ready]);

  const onStatus = useCallback(
    (s: ConsoleStatus) => {
      const msg = embedMessageFor(s);
      if (msg && ready) window.parent.postMessage(msg, ready.parent);
    },
    [ready],
  );

  if (phase.state === 'loading') return <div className="h-screen bg-slate-950" />;
  if (phase.state === 'refused') {
    return (
      <div className="flex h-screen items-center justify-center bg-slate-950 p-6 text-center text-sm text-slate-300" data-testid="embed-refused" data-reason={phase.reason}>
        {phase.reason === 'expired' ? t('reason.expired') : phase.reason === 'forbidden' ? t('embed.notAllowedHere') : t('embed.invalid')}
      </div>
    );
  }
  const { link } = phase;
  const vm = { site: link.site, namespace: link.namespace, name: link.name };
  return (
    <div className="flex h-screen flex-col bg-slate-950 text-slate-100" data-testid="embed-console">
      <div className="flex items-center gap-2 px-2 py-1 text-xs text-slate-400">
        <span className="font-medium text-slate-200">{link.name}</span>
        <span>
          {link.site} / {link.namespace}
        </span>
        <span className="flex-1" />
        <span>{t('common:product')}</span>
      </div>
      {link.kind === 'vnc' ? (
        <VncConsole vm={vm} embedToken={token} viewOnly={link.viewOnly} lockViewOnly={link.viewOnly} chrome="minimal" onStatus={onStatus} handleRef={vncRef} className="min-h-0 flex-1" />
      ) : (
        <SerialConsole vm={vm} embedToken={token} viewOnly={link.viewOnly} chrome="minimal" onStatus={onStatus} handleRef={serialRef} className="min-h-0 flex-1" />
      )}
    </div>
  );
}
