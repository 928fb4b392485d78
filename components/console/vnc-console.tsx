'use client';
/**
 * The VNC console: noVNC in a pane, with scale, full screen, key combinations, typing text as
 * keys, view-only, a status bar, self-healing reconnects, and a question before taking over a
 * session someone else holds. Reusable on the VM detail page, the console page and the embed page.
 */
import { useCallback, useEffect, useImperativeHandle, useRef, useState, type Ref } from 'react';
import { useTranslation } from 'react-i18next';
import { toWebSocketUrl, vncSocketPath, type VmRef } from '@/lib/api/console';
import type { ConsoleStatus } from '@/lib/console/console-status';
import { ConsoleStatusBar } from './console-status-bar';
import { PasteDialog } from './paste-dialog';
import { TakeoverDialog } from './takeover-dialog';
import { connectionMeters, useConsoleConnection } from './use-console-connection';
import { VncSession, type ScaleMode } from './vnc-session';
import { VncToolbar } from './vnc-toolbar';

/** Commands an embedding page (or a parent component) may give. */
export interface VncConsoleHandle {
  sendCtrlAltDel(): void;
  disconnect(): void;
  connect(): void;
}

export interface VncConsoleProps {
  vm: VmRef;
  viewOnly?: boolean;
  /** Keeps view-only on (an embed link minted view-only). */
  lockViewOnly?: boolean;
  embedToken?: string;
  /** `minimal` hides the toolbar except Ctrl+Alt+Del and full screen (embeds). */
  chrome?: 'full' | 'minimal';
  onStatus?(status: ConsoleStatus): void;
  handleRef?: Ref<VncConsoleHandle>;
  className?: string;
}

export function VncConsole(props: VncConsoleProps) {
  const { vm, embedToken, chrome = 'full', lockViewOnly = false } = props;
  const { t } = useTranslation('console');
  const screenRef = useRef<HTMLDivElement>(null);
  const frameRef = useRef<HTMLDivElement>(null);
  const sessionRef = useRef<VncSession | undefined>(undefined);
  const { status, sessions, wire } = useConsoleConnection(vm, 'vnc', embedToken, props.onStatus);
  const [viewOnly, setViewOnly] = useState(props.viewOnly ?? false);
  const [scale, setScale] = useState<ScaleMode>('fit');
  const [pasting, setPasting] = useState(false);
  const [askTakeover, setAskTakeover] = useState(false);

  useEffect(() => {
    const target = screenRef.current;
    if (!target) return;
    const session = new VncSession({
      ...wire,
      target,
      socketUrl: (preserve) => toWebSocketUrl(vncSocketPath(vm, preserve, embedToken), window.location),
      viewOnly: props.viewOnly ?? false,
      scale: 'fit',
      onStatus: (s) => {
        if (s.state === 'disconnected' && s.reason === 'inUse') setAskTakeover(true);
        if (s.state === 'connected') setAskTakeover(false);
        wire.onStatus(s);
      },
    });
    sessionRef.current = session;
    session.connect();
    return () => {
      session.disconnect();
      sessionRef.current = undefined;
    };
    // One session per VM (and link); view-only and scale changes are applied live below.
  }, [wire]);

  useEffect(() => sessionRef.current?.setViewOnly(viewOnly), [viewOnly]);
  useEffect(() => sessionRef.current?.setScale(scale), [scale]);

  useImperativeHandle(
    props.handleRef,
    () => ({
      sendCtrlAltDel: () => sessionRef.current?.sendCtrlAltDel(),
      disconnect: () => sessionRef.current?.disconnect(),
      connect: () => sessionRef.current?.connect(),
    }),
    [],
  );

  const toggleFullscreen = useCallback(() => {
    const el = frameRef.current;
    if (!el) return;
    if (document.fullscreenElement) void document.exitFullscreen();
    else void el.requestFullscreen().catch(() => undefined);
  }, []);

  const session = sessionRef.current;
  return (
    <div ref={frameRef} className={`relative flex min-h-0 flex-col bg-zinc-900 ${props.className ?? ''}`} data-testid="vnc-console" data-sessions={sessions}>
      <VncToolbar
        chrome={chrome}
        connected={status.state === 'connected'}
        active={status.state !== 'idle' && !(status.state === 'disconnected' && status.retryAt === undefined)}
        viewOnly={viewOnly}
        lockViewOnly={lockViewOnly}
        scale={scale}
        onScale={setScale}
        onViewOnly={setViewOnly}
        onFullscreen={toggleFullscreen}
        onCtrlAltDel={() => session?.sendCtrlAltDel()}
        onCombo={(c) => session?.sendCombo(c)}
        onPaste={() => setPasting(true)}
        onConnect={() => session?.connect()}
        onDisconnect={() => session?.disconnect()}
        onScreenshot={() => {
          const url = session?.screenshot();
          if (!url) return;
          const a = document.createElement('a');
          a.href = url;
          a.download = `${vm.name}-screen.png`;
          a.click();
        }}
      />
      <div className="relative min-h-0 flex-1 overflow-auto">
        <div ref={screenRef} className="absolute inset-0" data-testid="vnc-screen" />
        {status.state !== 'connected' && status.state !== 'connecting' && !askTakeover && (
          <div className="pointer-events-none absolute inset-0 flex items-center justify-center text-sm text-zinc-400">
            {status.state === 'disconnected' ? t(`reason.${status.reason}`) : t('notConnectedHint')}
          </div>
        )}
      </div>
      <ConsoleStatusBar
        status={status}
        {...connectionMeters(session?.connection)}
        onReconnect={() => session?.connect()}
      />
      {pasting && <PasteDialog onType={(text) => void session?.typeText(text)} onClose={() => setPasting(false)} />}
      {askTakeover && (
        <TakeoverDialog
          detail={status.state === 'disconnected' ? status.detail : undefined}
          onConfirm={() => {
            setAskTakeover(false);
            session?.connect(true);
          }}
          onCancel={() => setAskTakeover(false)}
        />
      )}
    </div>
  );
}
