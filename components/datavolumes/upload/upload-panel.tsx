'use client';
/** Two-stage progress of each upload (browser → console, console → site) with MB/s and time left. */
import Link from 'next/link';
import { useTranslation } from 'react-i18next';
import { Button } from '@/components/ui/button';
import { formatBytes } from '@/lib/k8s/quantity';
import { routes } from '@/lib/routes';
import { cancelUpload, pauseUpload, resumeUpload, startUpload, type UploadView } from './upload-runner';
import { useUploads, useUploadUnloadWarning } from './use-uploads';

function Bar({ value, testId }: { value: number; testId: string }) {
  return (
    <div
      className="h-2 w-full overflow-hidden rounded bg-slate-200 dark:bg-slate-800"
      role="progressbar"
      aria-valuenow={Math.round(value * 100)}
      aria-valuemin={0}
      aria-valuemax={100}
      data-testid={testId}
    >
      <div
        className="h-full bg-blue-600 transition-[width]"
        style={{ width: `${(value * 100).toFixed(1)}%` }}
      />
    </div>
  );
}

function useRateText() {
  const { t } = useTranslation('dv-create');
  return (rate?: number, eta?: number) =>
    rate === undefined
      ? ''
      : t('upload.rate', {
          rate: (rate / 1e6).toFixed(1),
          eta:
            eta === undefined
              ? '–'
              : eta < 60
                ? t('upload.seconds', { count: Math.ceil(eta) })
                : t('upload.minutes', { count: Math.ceil(eta / 60) }),
        });
}

function UploadRow({ u }: { u: UploadView }) {
  const { t } = useTranslation('dv-create');
  const rateText = useRateText();
  const tr = u.transfer;
  const siteShare = tr && tr.size ? tr.sent / tr.size : 0;
  return (
    <li
      className="space-y-2 rounded-md border border-slate-200 p-3 dark:border-slate-800"
      data-testid="upload-row"
      data-stage={u.stage}
      data-transfer-stage={tr?.stage ?? ''}
    >
      <div className="flex flex-wrap items-center gap-2 text-[13px]">
        <Link
          href={routes.dataVolumeDetails(u.site, u.namespace, u.name)}
          className="font-medium text-blue-700 hover:underline dark:text-blue-400"
        >
          {u.site}/{u.namespace}/{u.name}
        </Link>
        <span className="text-slate-500">
          {u.filename} · {formatBytes(u.size)}
        </span>
        <span className="ml-auto flex gap-1">
          {u.stage === 'uploading' || u.stage === 'offline' ? (
            <Button onClick={() => pauseUpload(u.key)} data-testid="upload-pause">
              {t('upload.pause')}
            </Button>
          ) : null}
          {u.stage === 'paused' && <ResumeButton u={u} />}
          {tr?.stage !== 'succeeded' && (
            <Button variant="ghost" onClick={() => void cancelUpload(u.key)} data-testid="upload-cancel">
              {t('upload.cancel')}
            </Button>
          )}
        </span>
      </div>
      <div className="text-xs text-slate-600 dark:text-slate-400">
        <div className="mb-1 flex justify-between">
          <span>
            {t('upload.toConsole')}: <span data-testid="upload-stage1">{t(`upload.stage.${u.stage}`)}</span>
          </span>
          <span className="tabular-nums">
            {formatBytes(u.sent)} / {formatBytes(u.size)} {rateText(u.rate, u.eta)}
          </span>
        </div>
        <Bar value={u.size ? u.sent / u.size : 0} testId="upload-bar-console" />
        {u.stage === 'hashing' || u.hashed < u.size ? (
          <div className="mt-0.5">
            {t('upload.hashing', { percent: u.size ? ((100 * u.hashed) / u.size).toFixed(0) : '0' })}
          </div>
        ) : null}
      </div>
      <div className="text-xs text-slate-600 dark:text-slate-400">
        <div className="mb-1 flex justify-between">
          <span>
            {t('upload.toSite', { site: u.site })}:{' '}
            <span data-testid="upload-stage2">
              {tr ? t(`upload.transfer.${tr.stage}`, { attempt: tr.attempts }) : t('upload.transfer.notYet')}
            </span>
          </span>
          {tr && (
            <span className="tabular-nums">
              {formatBytes(tr.sent)} / {formatBytes(tr.size)} {rateText(u.transferRate, u.transferEta)}
            </span>
          )}
        </div>
        <Bar value={tr?.stage === 'succeeded' ? 1 : siteShare} testId="upload-bar-site" />
        {tr?.sha256 && (
          <div className="mt-0.5 font-mono break-all" data-testid="upload-sha256">
            sha256 {tr.sha256}
          </div>
        )}
      </div>
      {(tr?.error || u.error) && (
        <p className="text-xs text-red-700 dark:text-red-400" role="alert" data-testid="upload-error">
          {tr?.errorReason ? `${t(`upload.reason.${tr.errorReason}`)} ` : ''}
          {tr?.error ?? u.error}
        </p>
      )}
    </li>
  );
}

function ResumeButton({ u }: { u: UploadView }) {
  const { t } = useTranslation('dv-create');
  const restored = u.sent < u.size && !u.rate;
  if (!restored)
    return (
      <Button onClick={() => resumeUpload(u.key)} data-testid="upload-resume">
        {t('upload.resume')}
      </Button>
    );
  // After a refresh the browser no longer holds the file: picking it again resumes where it stopped.
  return (
    <label className="inline-flex h-7 cursor-pointer items-center rounded-md px-2.5 text-[13px] ring-1 ring-slate-300 dark:ring-slate-700">
      {t('upload.pickToResume')}
      <input
        type="file"
        className="sr-only"
        onChange={(e) => e.target.files?.[0] && startUpload(u.site, u.namespace, u.name, e.target.files[0])}
      />
    </label>
  );
}

export function UploadPanel() {
  const { t } = useTranslation('dv-create');
  const uploads = useUploads();
  useUploadUnloadWarning(t('upload.unloadWarning'));
  if (!uploads.length) return null;
  return (
    <section className="space-y-2" data-testid="upload-panel">
      <h2 className="text-[13px] font-semibold text-slate-900 dark:text-slate-100">{t('upload.title')}</h2>
      <p className="text-xs text-slate-500 dark:text-slate-400">{t('upload.explain')}</p>
      <ul className="space-y-2">
        {uploads.map((u) => (
          <UploadRow key={u.key} u={u} />
        ))}
      </ul>
    </section>
  );
}
