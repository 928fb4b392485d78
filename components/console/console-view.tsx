'use client';
/**
 * VNC | Serial tabs around the two consoles, filling their container. Used by the standalone
 * console page and, inside the VM detail page, by whoever wants both consoles in one pane.
 */
import Link from 'next/link';
import { useTranslation } from 'react-i18next';
import type { ConsoleKind, VmRef } from '@/lib/api/console';
import { vmConsole } from '@/lib/routes';
import { SerialConsole } from './serial-console';
import { VncConsole } from './vnc-console';

export interface ConsoleViewProps {
  vm: VmRef;
  kind: ConsoleKind;
  /** When given, tabs switch in place; otherwise they link to the console page of that kind. */
  onKindChange?: (kind: ConsoleKind) => void;
  className?: string;
}

const TAB = 'px-3 py-1.5 text-sm font-medium border-b-2 -mb-px';

export function ConsoleView({ vm, kind, onKindChange, className }: ConsoleViewProps) {
  const { t } = useTranslation('console');
  const tabs: ConsoleKind[] = ['vnc', 'serial'];
  return (
    <div className={`flex min-h-0 flex-col ${className ?? ''}`}>
      <div role="tablist" className="flex gap-1 border-b border-slate-200 px-2 dark:border-slate-800">
        {tabs.map((k) => {
          const selected = k === kind;
          const cls = `${TAB} ${selected ? 'border-blue-600 text-blue-700 dark:text-blue-400' : 'border-transparent text-slate-600 hover:text-slate-900 dark:text-slate-400 dark:hover:text-slate-100'}`;
          return onKindChange ? (
            <button key={k} type="button" role="tab" aria-selected={selected} className={cls} onClick={() => onKindChange(k)} data-testid={`console-tab-${k}`}>
              {t(`tabs.${k}`)}
            </button>
          ) : (
            <Link key={k} role="tab" aria-selected={selected} className={cls} href={vmConsole(vm.site, vm.namespace, vm.name, k)} data-testid={`console-tab-${k}`}>
              {t(`tabs.${k}`)}
            </Link>
          );
        })}
      </div>
      {kind === 'vnc' ? <VncConsole vm={vm} className="min-h-0 flex-1" /> : <SerialConsole vm={vm} className="min-h-0 flex-1" />}
    </div>
  );
}
