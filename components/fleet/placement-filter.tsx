'use client';
/**
 * Tier, region and (on the overview) grouping of sites, from their kubeconfig placement, as
 * selects: the fleet overview and the VM list use it, and their URLs keep the choice
 * (`tier`, `region`, `group`).
 */
import { useTranslation } from 'react-i18next';
import { SITE_TIERS, type PlacementChoice, type SiteTier } from '@/lib/api/sites';
import { OVERVIEW_GROUPS, type OverviewGroup } from '@/lib/fleet/overview';

type Choice = PlacementChoice & { group?: OverviewGroup };

const SELECT =
  'h-7 rounded-md border border-slate-300 bg-white px-1.5 text-[13px] dark:border-slate-700 dark:bg-slate-900';

export function PlacementFilter({
  filter,
  regions,
  onChange,
  grouping = false,
  testIdPrefix,
}: {
  filter: Choice;
  regions: string[];
  onChange: (patch: Partial<Choice>) => void;
  /** Offer "group by" too. */
  grouping?: boolean;
  testIdPrefix: string;
}) {
  const { t } = useTranslation('overview');
  return (
    <>
      <select
        aria-label={t('placement.tier')}
        data-testid={`${testIdPrefix}-tier`}
        className={SELECT}
        value={filter.tier ?? ''}
        onChange={(e) => onChange({ tier: (e.target.value || undefined) as SiteTier | undefined })}
      >
        <option value="">{t('placement.allTiers')}</option>
        {SITE_TIERS.map((tier) => (
          <option key={tier} value={tier}>
            {t(`placement.tiers.${tier}`)}
          </option>
        ))}
      </select>
      <select
        aria-label={t('placement.region')}
        data-testid={`${testIdPrefix}-region`}
        className={SELECT}
        value={filter.region ?? ''}
        onChange={(e) => onChange({ region: e.target.value || undefined })}
      >
        <option value="">{t('placement.allRegions')}</option>
        {regions.map((r) => (
          <option key={r} value={r}>
            {r}
          </option>
        ))}
      </select>
      {grouping && (
        <select
          aria-label={t('placement.groupBy')}
          data-testid="overview-group"
          className={SELECT}
          value={filter.group ?? ''}
          onChange={(e) => onChange({ group: (e.target.value || undefined) as OverviewGroup | undefined })}
        >
          <option value="">{t('placement.noGrouping')}</option>
          {OVERVIEW_GROUPS.map((g) => (
            <option key={g} value={g}>
              {t(`placement.by.${g}`)}
            </option>
          ))}
        </select>
      )}
    </>
  );
}
