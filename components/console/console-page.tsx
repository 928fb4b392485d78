'use client';
/** The standalone console page: the VM's name, a way back, the embed-link dialog, and the consoles at full height. */
import Link from 'next/link';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConsoleKind, VmRef } from '@/lib/api/console';
import { vmDetails } from '@/lib/routes';
import { Button } from '../ui/button';
import { ConsoleView } from './console-view';
import { EmbedLinkDialog } from './embed-link-dialog';

export function ConsolePage({ vm, kind }: { vm: VmRef; kind: ConsoleKind }) {
  const { t } = useTranslation('console');
  const [embedOpen, setEmbedOpen] = useState(false);
  return (
    <div className="flex min-h-0 flex-1 flex-col">
      <div className="flex items-center gap-3 border-b border-slate-200 px-4 py-2 dark:border-slate-800">
        <Link href={vmDetails(vm.site, vm.namespace, vm.name)} className="text-sm text-blue-700 hover:underline dark:text-blue-400">
          ← {vm.name}
        </Link>
        <h1 className="text-base font-semibold">{t('pageTitle', { name: vm.name })}</h1>
        <span className="text-xs text-slate-500">
          {vm.site} / {vm.namespace}
        </span>
        <span className="flex-1" />
        <Button onClick={() => setEmbedOpen(true)} data-testid="embed-open">
          {t('embed.create')}
        </Button>
      </div>
      <ConsoleView vm={vm} kind={kind} className="min-h-0 flex-1" />
      {embedOpen && <EmbedLinkDialog vm={vm} kind={kind} onClose={() => setEmbedOpen(false)} />}
    </div>
  );
}
