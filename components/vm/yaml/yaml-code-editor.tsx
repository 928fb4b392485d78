'use client';
import dynamic from 'next/dynamic';
import type { YamlCodeEditorProps } from './yaml-code-editor-impl';

export type { YamlCodeEditorProps } from './yaml-code-editor-impl';

/** The YAML editor, fetched on first use (keeps CodeMirror out of first-load JS). */
export const YamlCodeEditor = dynamic<YamlCodeEditorProps>(() => import('./yaml-code-editor-impl'), {
  ssr: false,
  loading: () => <div className="h-[60vh] animate-pulse rounded-md border border-slate-200 bg-slate-50 dark:border-slate-800 dark:bg-slate-900" />,
});
