'use client';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

export interface PasteDialogProps {
  onType(text: string): void;
  onClose(): void;
}

/** Text to type into the VM as keystrokes (a VGA console has no clipboard of its own). */
export function PasteDialog({ onType, onClose }: PasteDialogProps) {
  const { t } = useTranslation('console');
  const [text, setText] = useState('');
  const canRead = typeof navigator !== 'undefined' && !!navigator.clipboard?.readText;
  return (
    <div className="absolute inset-0 z-20 flex items-center justify-center bg-black/40 p-4">
      <form
        role="dialog"
        aria-labelledby="paste-title"
        className="w-full max-w-lg rounded-lg bg-white p-5 shadow-xl dark:bg-zinc-900"
        onSubmit={(e) => {
          e.preventDefault();
          onType(text);
          onClose();
        }}
      >
        <h2 id="paste-title" className="text-base font-semibold text-zinc-900 dark:text-zinc-100">
          {t('pasteDialog.title')}
        </h2>
        <p className="mt-1 text-xs text-zinc-500">{t('pasteDialog.help')}</p>
        <textarea
          autoFocus
          className="mt-3 h-32 w-full rounded border border-zinc-300 bg-white p-2 font-mono text-sm dark:border-zinc-700 dark:bg-zinc-950 dark:text-zinc-100"
          placeholder={t('pasteDialog.placeholder')}
          value={text}
          onChange={(e) => setText(e.target.value)}
          data-testid="paste-text"
        />
        <div className="mt-3 flex items-center gap-2">
          {canRead && (
            <button
              type="button"
              className="rounded border border-zinc-300 px-3 py-1.5 text-sm dark:border-zinc-700 dark:text-zinc-200"
              onClick={() => void navigator.clipboard.readText().then(setText, () => undefined)}
            >
              {t('pasteDialog.fromClipboard')}
            </button>
          )}
          <span className="flex-1" />
          <button type="button" className="rounded px-3 py-1.5 text-sm text-zinc-600 dark:text-zinc-300" onClick={onClose}>
            {t('common:actions.cancel')}
          </button>
          <button type="submit" className="rounded bg-sky-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-sky-700" data-testid="paste-type">
            {t('pasteDialog.type')}
          </button>
        </div>
      </form>
    </div>
  );
}
