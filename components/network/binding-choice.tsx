'use client';
/** One binding offered as its outcome: what it does, its name, and the migration badge. */
import { useTranslation } from 'react-i18next';
import { DISCONTINUED_BINDINGS } from '@/lib/network/bindings';
import { PLUGIN_PREFIX } from '@/lib/network/form-interfaces';
import type { BindingOption } from '@/lib/network/outcome';
import { MigrationBadge } from './migration-badge';

function outcomeKey(binding: string): string {
  if (binding.startsWith(PLUGIN_PREFIX)) return 'binding.plugin';
  if (DISCONTINUED_BINDINGS[binding]) return 'binding.discontinued';
  return `binding.${binding}`;
}

export function BindingChoice({
  option,
  group,
  checked,
  onChoose,
}: {
  option: BindingOption;
  group: string;
  checked: boolean;
  onChoose(): void;
}) {
  const { t } = useTranslation('network');
  const name = option.binding.startsWith(PLUGIN_PREFIX)
    ? option.binding.slice(PLUGIN_PREFIX.length)
    : option.binding;
  return (
    <label
      className={`flex items-start gap-2 text-[13px] ${option.refused && !checked ? 'opacity-60' : 'cursor-pointer'}`}
      data-binding={option.binding}
    >
      <input
        type="radio"
        name={group}
        value={option.binding}
        checked={checked}
        disabled={!!option.refused && !checked}
        onChange={onChoose}
        className="mt-0.5"
      />
      <span className="space-y-0.5">
        <span className="block font-medium text-slate-900 dark:text-slate-100">
          {t(outcomeKey(option.binding))}
        </span>
        <span className="block font-mono text-[11px] text-slate-500 dark:text-slate-400">{name}</span>
        {option.refused ? (
          <span className="block text-xs text-red-700 dark:text-red-400">
            {t('editor.refused', { reason: option.refused })}
          </span>
        ) : (
          <MigrationBadge block={option.blocksMigration} />
        )}
      </span>
    </label>
  );
}
