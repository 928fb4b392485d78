import type { Metadata } from 'next';
import { cookies, headers } from 'next/headers';
import type { ReactNode } from 'react';
import { AppShell } from '@/components/shell/app-shell';
import { Providers } from '@/components/shell/providers';
import { createI18n, htmlLang, LANGUAGE_COOKIE, languageFromAcceptHeader, normalizeLanguage, type Language } from '@/lib/i18n';
import { parseTheme, SYSTEM_THEME_SCRIPT, THEME_COOKIE } from '@/lib/preferences';
import './globals.css';

/** Language from the cookie, else the browser's Accept-Language. */
async function requestLanguage(): Promise<Language> {
  const jar = await cookies();
  const chosen = jar.get(LANGUAGE_COOKIE)?.value;
  if (chosen) return normalizeLanguage(chosen);
  return languageFromAcceptHeader((await headers()).get('accept-language'));
}

/** The per-request CSP nonce the server put on the request (Next stamps it on its own scripts). */
async function cspNonce(): Promise<string | undefined> {
  const csp = (await headers()).get('content-security-policy') ?? '';
  return /'nonce-([^']+)'/.exec(csp)?.[1];
}

export async function generateMetadata(): Promise<Metadata> {
  const t = createI18n(await requestLanguage()).getFixedT(null, 'shell');
  return { title: t('common:product'), description: t('description'), icons: { icon: '/favicon.svg' } };
}

export default async function RootLayout({ children }: { children: ReactNode }) {
  const language = await requestLanguage();
  const theme = parseTheme((await cookies()).get(THEME_COOKIE)?.value);
  const nonce = await cspNonce();
  return (
    <html lang={htmlLang(language)} className={theme === 'dark' ? 'dark' : undefined} suppressHydrationWarning>
      <head>{!theme && <script nonce={nonce} dangerouslySetInnerHTML={{ __html: SYSTEM_THEME_SCRIPT }} />}</head>
      <body>
        <Providers language={language} theme={theme}>
          <AppShell>{children}</AppShell>
        </Providers>
      </body>
    </html>
  );
}
