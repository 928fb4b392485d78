/** A small coloured dot for site health. */
import type { SiteHealth } from '@/lib/api/sites';

const COLORS: Record<SiteHealth, string> = {
  healthy: 'bg-emerald-500',
  degraded: 'bg-amber-500',
  unreachable: 'bg-red-500',
  unknown: 'bg-slate-400',
};

export function StatusDot({ health, label }: { health: SiteHealth; label?: string }) {
  return (
    <span
      className={`inline-block h-2 w-2 shrink-0 rounded-full ${COLORS[health]}`}
      role={label ? 'img' : undefined}
      aria-label={label}
      aria-hidden={label ? undefined : true}
    />
  );
}
