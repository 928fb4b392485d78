'use client';
/**
 * The serial console: xterm.js fitted to its pane, with search, copy/paste, download of the
 * server's buffered output, and automatic reconnect with a "reconnected" banner. Output that
 * arrived while disconnected comes back through the serial hub's replay.
 */
import '@xterm/xterm/css/xterm.css';
import type { Terminal } from '@xterm/xterm';
import type { SearchAddon } from '@xterm/addon-search';
import { useEffect, useImperativeHandle, useRef, useState, type Ref } from 'react';
import { useTranslation } from 'react-i18next';
import { serialBufferPath, serialSocketPath, toWebSocketUrl, type VmRef } from '@/lib/api/console';
import type { ConsoleStatus } from '@/lib/console/console-status';
import { queryString } from '@/lib/k8s/api-path';
import { ConsoleStatusBar } from './console-status-bar';
import { SerialSession } from './serial-session';
import { SerialToolbar } from './serial-toolbar';
import { connectionMeters, useConsoleConnection } from './use-console-connection';

export interface SerialConsoleHandle {
  disconnect(): void;
  connect(): void;
}

export interface SerialConsoleProps {
  vm: VmRef;
  viewOnly?: boolean;
  embedToken?: string;
  chrome?: 'full' | 'minimal';
  onStatus?(status: ConsoleStatus): void;
  handleRef?: Ref<SerialConsoleHandle>;
  className?: string;
}

export function SerialConsole(props: SerialConsoleProps) {
  const { vm, embedToken, chrome = 'full', viewOnly = false } = props;
  const { t } = useTranslation('console');
  const hostRef = useRef<HTMLDivElement>(null);
  const termRef = useRef<Terminal | undefined>(undefined);
  const searchRef = useRef<SearchAddon | undefined>(undefined);
  const sessionRef = useRef<SerialSession | undefined>(undefined);
  const { status, sessions, wire } = useConsoleConnection(vm, 'serial', embedToken, props.onStatus);
  const [reconnected, setReconnected] = useState(false);

  useEffect(() => {
    const host = hostRef.current;
    if (!host) return;
    let disposed = false;
    let cleanup = () => {};
    void (async () => {
      const [{ Terminal }, { FitAddon }, { SearchAddon }] = await Promise.all([
        import('@xterm/xterm'),
        import('@xterm/addon-fit'),
        import('@xterm/addon-search'),
      ]);
      if (disposed) return;
      const term = new Terminal({
        convertEol: false,
        cursorBlink: true,
        disableStdin: viewOnly,
        fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, "Noto Sans Mono CJK SC", monospace',
        fontSize: 14,
        scrollback: 10_000,
        theme: { background: '#0b0f17' },
        allowProposedApi: true,
      });
      const fit = new FitAddon();
      const search = new SearchAddon();
      term.loadAddon(fit);
      term.loadAddon(search);
      term.open(host);
      fit.fit();
      termRef.current = term;
      searchRef.current = search;
      let replaying = 0;
      const session = new SerialSession({
        ...wire,
        socketUrl: () => toWebSocketUrl(serialSocketPath(vm, embedToken), window.location),
        viewOnly,
        sink: {
          reset: () => term.reset(),
          write: (text, replay) => {
            if (!replay) return term.write(text);
            replaying += 1;
            term.write(text, () => (replaying -= 1));
          },
        },
        onReconnected: () => setReconnected(true),
      });
      sessionRef.current = session;
      // Answers xterm gives to queries inside replayed output are not the user's input.
      const input = term.onData((d) => replaying === 0 && session.send(d));
      // Ctrl+Shift+C / Ctrl+Shift+V copy and paste, as in desktop terminals; plain Ctrl+C goes to the guest.
      term.attachCustomKeyEventHandler((e) => {
        if (e.type !== 'keydown' || !e.ctrlKey || !e.shiftKey) return true;
        if (e.code === 'KeyC') {
          void navigator.clipboard?.writeText(term.getSelection()).catch(() => undefined);
          return false;
        }
        if (e.code === 'KeyV') {
          void navigator.clipboard?.readText().then((text) => term.paste(text), () => undefined);
          return false;
        }
        return true;
      });
      const ro = new ResizeObserver(() => fit.fit());
      ro.observe(host);
      session.connect();
      cleanup = () => {
        ro.disconnect();
        input.dispose();
        session.disconnect();
        term.dispose();
      };
    })();
    return () => {
      disposed = true;
      cleanup();
      sessionRef.current = undefined;
      termRef.current = undefined;
    };
  }, [wire, viewOnly]);

  useEffect(() => {
    if (!reconnected) return;
    const id = setTimeout(() => setReconnected(false), 6_000);
    return () => clearTimeout(id);
  }, [reconnected]);

  useImperativeHandle(
    props.handleRef,
    () => ({ disconnect: () => sessionRef.current?.disconnect(), connect: () => sessionRef.current?.connect() }),
    [],
  );

  const session = sessionRef.current;
  const active = status.state !== 'idle' && !(status.state === 'disconnected' && status.retryAt === undefined);
  return (
    <div className={`relative flex min-h-0 flex-col bg-[#0b0f17] ${props.className ?? ''}`} data-testid="serial-console" data-sessions={sessions}>
      <SerialToolbar
        chrome={chrome}
        active={active}
        downloadHref={serialBufferPath(vm) + queryString({ embed: embedToken })}
        onFind={(text, back) => {
          const s = searchRef.current;
          if (!s || !text) return true;
          return back ? s.findPrevious(text) : s.findNext(text);
        }}
        onCopy={() => void navigator.clipboard?.writeText(termRef.current?.getSelection() ?? '').catch(() => undefined)}
        onPaste={
          viewOnly
            ? undefined
            : () => void navigator.clipboard?.readText().then((text) => termRef.current?.paste(text), () => undefined)
        }
        onClear={() => termRef.current?.clear()}
        onConnect={() => session?.connect()}
        onDisconnect={() => session?.disconnect()}
      />
      {reconnected && (
        <div className="flex items-center gap-3 bg-emerald-700 px-3 py-1 text-xs text-white" role="status" data-testid="serial-reconnected">
          {t('reconnected')}
          <button type="button" className="ml-auto underline" onClick={() => setReconnected(false)}>
            {t('common:actions.dismiss')}
          </button>
        </div>
      )}
      <div className="relative min-h-0 flex-1 p-1">
        <div ref={hostRef} className="absolute inset-1" data-testid="serial-terminal" />
      </div>
      <ConsoleStatusBar
        status={status}
        {...connectionMeters(session?.connection)}
        onReconnect={() => session?.connect()}
      />
    </div>
  );
}
