'use client';
import { useEffect, useSyncExternalStore } from 'react';
import {
  browserStageActive,
  restoreUploads,
  subscribeUploads,
  uploadsSnapshot,
  type UploadView,
} from './upload-runner';

const EMPTY: UploadView[] = [];

/** The uploads of this tab (and, after a refresh, those whose second stage still runs). */
export function useUploads(): UploadView[] {
  useEffect(() => restoreUploads(), []);
  return useSyncExternalStore(subscribeUploads, uploadsSnapshot, () => EMPTY);
}

/** Warns before the tab closes while bytes still go from the browser to the console. */
export function useUploadUnloadWarning(message: string): void {
  useEffect(() => {
    const onUnload = (ev: BeforeUnloadEvent) => {
      if (!browserStageActive()) return;
      ev.preventDefault();
      ev.returnValue = message;
      return message;
    };
    window.addEventListener('beforeunload', onUnload);
    return () => window.removeEventListener('beforeunload', onUnload);
  }, [message]);
}
