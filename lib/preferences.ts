/** Browser preferences persisted in cookies (the server layout reads them to render correctly). */
export const THEME_COOKIE = 'edgevirt-theme';
export type Theme = 'light' | 'dark';

/** Writes a one-year, site-wide cookie. */
export function setPreferenceCookie(name: string, value: string): void {
  document.cookie = `${name}=${encodeURIComponent(value)}; Path=/; Max-Age=31536000; SameSite=Lax`;
}

/** Theme from a cookie value; undefined means "follow the system". */
export function parseTheme(value: string | undefined): Theme | undefined {
  return value === 'dark' || value === 'light' ? value : undefined;
}

/** Inline script for the no-cookie case: follow the OS before first paint (no flash). */
export const SYSTEM_THEME_SCRIPT =
  "try{if(matchMedia('(prefers-color-scheme: dark)').matches)document.documentElement.classList.add('dark')}catch(e){}";
