'use client';
/** App-wide providers: react-query, i18next (per tree), and the language/theme preferences. */
import { QueryClientProvider } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { I18nextProvider } from 'react-i18next';
import { createI18n, htmlLang, LANGUAGE_COOKIE, type Language } from '@/lib/i18n';
import { setPreferenceCookie, THEME_COOKIE, type Theme } from '@/lib/preferences';
import { attachWatchMux } from '@/lib/k8s/watch-registry';
import { WatchMuxPool } from '@/lib/k8s/watch-mux';
import { createQueryClient } from '@/lib/query/query-client';
import { sessionKey } from '@/lib/query/session';

interface Preferences {
  language: Language;
  setLanguage: (lang: Language) => void;
  theme: Theme;
  setTheme: (theme: Theme) => void;
}

const PreferencesContext = createContext<Preferences | null>(null);

/** Language and theme, with setters that persist them. */
export function usePreferences(): Preferences {
  const prefs = useContext(PreferencesContext);
  if (!prefs) throw new Error('usePreferences outside <Providers>');
  return prefs;
}

function currentTheme(initial: Theme | undefined): Theme {
  if (initial) return initial;
  if (typeof document !== 'undefined' && document.documentElement.classList.contains('dark')) return 'dark';
  return 'light';
}

/** The tab's query client; in the browser its watches share one multiplexed websocket. */
function browserQueryClient() {
  const client = createQueryClient();
  if (typeof window !== 'undefined') {
    attachWatchMux(client, new WatchMuxPool({ onSessionExpired: () => void client.invalidateQueries({ queryKey: sessionKey }) }));
  }
  return client;
}

export function Providers({ language, theme, children }: { language: Language; theme: Theme | undefined; children: ReactNode }) {
  const [queryClient] = useState(browserQueryClient);
  const [i18n] = useState(() => createI18n(language));
  const [lang, setLang] = useState<Language>(language);
  const [mode, setMode] = useState<Theme>(() => currentTheme(theme));

  const setLanguage = useCallback(
    (next: Language) => {
      setPreferenceCookie(LANGUAGE_COOKIE, next);
      document.documentElement.lang = htmlLang(next);
      void i18n.changeLanguage(next);
      setLang(next);
    },
    [i18n],
  );
  const setTheme = useCallback((next: Theme) => {
    setPreferenceCookie(THEME_COOKIE, next);
    document.documentElement.classList.toggle('dark', next === 'dark');
    setMode(next);
  }, []);

  const prefs = useMemo(() => ({ language: lang, setLanguage, theme: mode, setTheme }), [lang, setLanguage, mode, setTheme]);
  return (
    <QueryClientProvider client={queryClient}>
      <I18nextProvider i18n={i18n}>
        <PreferencesContext.Provider value={prefs}>{children}</PreferencesContext.Provider>
      </I18nextProvider>
    </QueryClientProvider>
  );
}
