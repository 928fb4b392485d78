'use client';
/** Shown when there is no session: how to sign in (one-time link, bearer token or OpenID). */
import { useQueryClient } from '@tanstack/react-query';
import { useSearchParams } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { SignInHint } from '@/lib/api/session';
import { sessionKey, signInWithToken } from '@/lib/query/session';
import { sitesKey } from '@/lib/query/sites';
import { Button, buttonClasses } from '../ui/button';
import { IconLogo, IconWarning } from '../ui/icons';

function LocalLink() {
  const { t } = useTranslation('shell');
  return (
    <>
      <p className="mt-3 text-sm text-slate-600 dark:text-slate-400">{t('signedOut.body')}</p>
      <ol className="mt-4 list-decimal space-y-2 pl-5 text-sm text-slate-700 dark:text-slate-300">
        <li>{t('signedOut.step1')}</li>
        <li>{t('signedOut.step2')}</li>
        <li>{t('signedOut.step3')}</li>
      </ol>
      <div className="mt-4 rounded-md bg-slate-900 px-3 py-2 font-mono text-xs text-slate-100 dark:bg-black">
        <div className="text-slate-400">$ npm start</div>
        <div>Edgevirt Console ready: http://127.0.0.1:3000/?token=…</div>
      </div>
    </>
  );
}

function TokenForm() {
  const { t } = useTranslation('shell');
  const client = useQueryClient();
  const [token, setToken] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      await signInWithToken(token);
      await Promise.all([client.invalidateQueries({ queryKey: sessionKey }), client.invalidateQueries({ queryKey: sitesKey })]);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  };
  return (
    <form className="mt-4 flex flex-col gap-2" onSubmit={(e) => void submit(e)}>
      <label className="text-sm font-medium" htmlFor="bearer-token">
        {t('signedOut.tokenLabel')}
      </label>
      <input
        id="bearer-token"
        type="password"
        autoComplete="off"
        value={token}
        onChange={(e) => setToken(e.target.value)}
        className="h-8 rounded-md border border-slate-300 bg-white px-2 font-mono text-sm dark:border-slate-700 dark:bg-slate-950"
      />
      {error && <p className="text-sm text-red-600 dark:text-red-400">{error}</p>}
      <Button type="submit" variant="primary" disabled={!token.trim()}>
        {t('signedOut.tokenSubmit')}
      </Button>
    </form>
  );
}

export function SignedOut({ hint }: { hint?: SignInHint }) {
  const { t } = useTranslation('shell');
  const expired = useSearchParams().get('signin') === 'expired';
  return (
    <div className="flex flex-1 items-start justify-center overflow-auto bg-slate-100 px-4 py-16 dark:bg-slate-950">
      <div className="w-full max-w-lg rounded-lg bg-white p-6 shadow-sm ring-1 ring-slate-900/5 dark:bg-slate-900 dark:ring-slate-800" data-testid="signed-out">
        <div className="flex items-center gap-2">
          <IconLogo />
          <h1 className="text-lg font-semibold text-slate-900 dark:text-slate-50">{t('signedOut.title')}</h1>
        </div>
        {expired && (
          <p className="mt-3 flex items-center gap-2 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:bg-amber-500/10 dark:text-amber-200">
            <IconWarning /> {t('signedOut.expired')}
          </p>
        )}
        {hint?.kind === 'oidc' && hint.url ? (
          <a className={buttonClasses('primary', 'mt-4')} href={hint.url}>
            {t('signedOut.oidc')}
          </a>
        ) : hint?.kind === 'token' ? (
          <TokenForm />
        ) : (
          <LocalLink />
        )}
      </div>
    </div>
  );
}
