'use client';
/**
 * The VM's console in the tab itself: the VNC screen first, the serial console one click away,
 * and a link to the console on its own page (full height, its own URL).
 */
import Link from 'next/link';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConsoleView } from '@/components/console/console-view';
import type { ConsoleKind } from '@/lib/api/console';
import { vmConsole } from '@/lib/routes';
import { Section } from './detail-parts';

export function ConsoleTab({ site, namespace, name, running }: { site: string; namespace: string; name: string; running: boolean }) {
  const { t } = useTranslation('vm-details');
  const [kind, setKind] = useState<ConsoleKind>('vnc');
  if (!running) {
    return (
      <Section title={t('common:noun.console')} testId="console-tab">
        <p className="text-[13px] text-slate-600 dark:text-slate-300">{t('console.notRunning')}</p>
      </Section>
    );
  }
  return (
    <div className="flex flex-col gap-2" data-testid="console-tab">
      <div className="flex justify-end">
        <Link href={vmConsole(site, namespace, name, kind)} className="text-[13px] text-blue-700 hover:underline dark:text-blue-400" data-testid="console-open-page">
          {t('console.openPage')}
        </Link>
      </div>
      <ConsoleView vm={{ site, namespace, name }} kind={kind} onKindChange={setKind} className="h-[70vh] rounded-md border border-slate-200 dark:border-slate-800" />
    </div>
  );
}
