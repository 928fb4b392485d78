'use client';
/** A site tile's state as icon + word (never colour alone), shared by the NOC wall and the overview. */
import type { ReactElement, SVGProps } from 'react';
import { useTranslation } from 'react-i18next';
import type { TileState } from '@/lib/api/fleet';
import { IconCheck, IconCircleX, IconClock, IconOffline, IconWarning } from '../ui/icons';

const ICONS: Record<TileState, (p: SVGProps<SVGSVGElement>) => ReactElement> = {
  healthy: IconCheck,
  degraded: IconWarning,
  down: IconCircleX,
  unreachable: IconOffline,
  stale: IconClock,
};

export function TileStateLabel({
  state,
  size = 16,
  className,
}: {
  state: TileState;
  size?: number;
  className?: string;
}) {
  const { t } = useTranslation('common');
  const Icon = ICONS[state];
  return (
    <span
      className={`inline-flex items-center gap-[0.35em] ${className ?? ''}`}
      data-testid="tile-state"
      data-state={state}
    >
      <Icon width={size} height={size} strokeWidth={2.2} />
      {t(`tileState.${state}`)}
    </span>
  );
}
