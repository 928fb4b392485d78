'use client';
/**
 * Fleet-wide live migrations: one VMIM watch per site, filters and time window in the URL
 * (in-flight migrations always shown), start with a pre-flight dialog, cancel by deleting the VMIM.
 */
import Link from 'next/link';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '@/components/ui/button';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { EmptyState } from '@/components/ui/empty-state';
import { IconMigrate, IconPlus } from '@/components/ui/icons';
import { useNow } from '@/components/ui/use-now';
import { filterMigrations, type MigrationRow } from '@/lib/migration/rows';
import { useSites } from '@/lib/query/sites';
import { routes } from '@/lib/routes';
import { cancelMigration } from '@/lib/vm/send-action';
import { MigrationTable } from './migration-table';
import { MigrationToolbar } from './migration-toolbar';
import { StartMigrationDialog } from './start-migration-dialog';
import { useMigrationProgress } from './use-migration-progress';
import { useMigrationRows } from './use-migration-rows';
import { useMigrationUrlState } from './use-migration-url-state';

export function MigrationsPage() {
  const { t } = useTranslation('migrations');
  const [filters, update] = useMigrationUrlState();
  const [search, setSearch] = useState(filters.q);
  const clusters = useSites();
  const sites = useMemo(() => (clusters.data ?? []).map((c) => c.name), [clusters.data]);
  const watched = useMemo(() => (filters.site ? [filters.site] : sites), [filters.site, sites]);
  const { rows: all, waiting, listed } = useMigrationRows(watched);
  const now = useNow(1000);
  const [starting, setStarting] = useState(false);
  const [cancelling, setCancelling] = useState<MigrationRow | null>(null);
  const [cancelError, setCancelError] = useState<string | null>(null);

  useEffect(() => setSearch(filters.q), [filters.q]);
  useEffect(() => {
    if (search === filters.q) return;
    const timer = setTimeout(() => update({ q: search }), 250);
    return () => clearTimeout(timer);
  }, [search, filters.q, update]);

  const rows = useMemo(
    () => filterMigrations(all, { ...filters, q: search }, now),
    [all, filters, search, now],
  );
  const active = useMemo(
    () => new Map(all.filter((r) => !r.final).map((r) => [`${r.site}/${r.namespace}/${r.vmi}`, r.name])),
    [all],
  );
  const progress = useMigrationProgress(all);
  const namespaces = useMemo(() => [...new Set(all.map((r) => r.namespace))].sort(), [all]);

  const cancel = async (row: MigrationRow) => {
    setCancelling(null);
    setCancelError(null);
    try {
      await cancelMigration(row.site, row.namespace, row.name);
    } catch (err) {
      setCancelError(t('cancelFailed', { message: err instanceof Error ? err.message : String(err) }));
    }
  };

  return (
    <div className="flex min-h-0 flex-1 flex-col gap-2.5 px-5 pt-4 pb-4">
      <div className="flex items-center gap-3">
        <h1 className="text-lg font-semibold text-slate-900 dark:text-slate-50">{t('title')}</h1>
        <span className="text-sm text-slate-500 tabular-nums" data-testid="migration-count">
          {t('count', { shown: rows.length, total: all.length })}
        </span>
        <div className="flex-1" />
        <Link
          href={routes.migrationPolicies()}
          data-testid="policies-link"
          className="text-[13px] text-blue-700 hover:underline dark:text-blue-400"
        >
          {t('policies.title')}
        </Link>
        <Button
          variant="primary"
          data-testid="start-migration-open"
          disabled={sites.length === 0}
          onClick={() => setStarting(true)}
        >
          <IconPlus width={14} height={14} />
          {t('start')}
        </Button>
      </div>
      <MigrationToolbar
        filters={filters}
        search={search}
        onSearch={setSearch}
        onChange={update}
        sites={sites}
        namespaces={namespaces}
      />
      {cancelError && (
        <p role="alert" className="text-[13px] text-red-700 dark:text-red-400">
          {cancelError}
        </p>
      )}
      {!listed && waiting > 0 ? (
        <div className="flex flex-1 items-center justify-center text-sm text-slate-500" role="status">
          {t('loading', { count: waiting })}
        </div>
      ) : rows.length === 0 ? (
        <EmptyState icon={<IconMigrate width={24} height={24} />} title={t('empty')} />
      ) : (
        <MigrationTable rows={rows} now={now} progress={progress} onCancel={setCancelling} />
      )}
      {starting && (
        <StartMigrationDialog
          sites={sites}
          initialSite={filters.site}
          activeFor={(key) => active.get(key)}
          onClose={() => setStarting(false)}
        />
      )}
      <ConfirmDialog
        open={cancelling !== null}
        title={t('cancelTitle', { vm: cancelling?.vmi ?? '' })}
        confirmLabel={t('cancel')}
        destructive
        onConfirm={() => cancelling && void cancel(cancelling)}
        onCancel={() => setCancelling(null)}
      >
        {t('cancelBody', { node: cancelling?.source ?? '' })}
      </ConfirmDialog>
    </div>
  );
}
