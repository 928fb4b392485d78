'use client';
import { useTranslation } from 'react-i18next';
import { IconMoon, IconSun } from '../ui/icons';
import { usePreferences } from './providers';

/** Light/dark toggle; the choice is kept in a cookie. */
export function ThemeToggle() {
  const { t } = useTranslation('shell');
  const { theme, setTheme } = usePreferences();
  const next = theme === 'dark' ? 'light' : 'dark';
  const label = t(next === 'dark' ? 'theme.toDark' : 'theme.toLight');
  return (
    <button
      type="button"
      onClick={() => setTheme(next)}
      aria-label={label}
      title={label}
      data-testid="theme-toggle"
      className="flex h-8 w-8 items-center justify-center rounded-md text-slate-200 hover:bg-white/10"
    >
      {theme === 'dark' ? <IconSun /> : <IconMoon />}
    </button>
  );
}
