'use client';
/**
 * CodeMirror 6 with YAML support. Loaded only through `YamlCodeEditor` (next/dynamic), so the
 * editor's ~200 kB stays out of the first page load.
 */
import { yaml } from '@codemirror/lang-yaml';
import { lintGutter, setDiagnostics, type Diagnostic } from '@codemirror/lint';
import type { EditorView } from '@codemirror/view';
import CodeMirror from '@uiw/react-codemirror';
import { useEffect, useMemo, useRef, useState } from 'react';

export interface EditorMarker {
  /** 1-based line. */
  line: number;
  message: string;
}

export interface YamlCodeEditorProps {
  value: string;
  /**
   * Bumped by the owner when it replaces the text (reset, re-apply, form edit). The editor owns
   * its document otherwise: feeding every keystroke back as a prop lets a render with a stale
   * value revert what the user just typed.
   */
  revision: number;
  onChange(value: string): void;
  markers: EditorMarker[];
  readOnly?: boolean;
  dark?: boolean;
  /** Line to scroll to and select (1-based); changes to the number trigger the jump. */
  focusLine?: { line: number; seq: number };
  height?: string;
}

function toDiagnostics(view: EditorView, markers: EditorMarker[]): Diagnostic[] {
  const doc = view.state.doc;
  return markers.map((m) => {
    const line = doc.line(Math.min(Math.max(1, m.line), doc.lines));
    return { from: line.from, to: line.to, severity: 'error', message: m.message };
  });
}

export default function YamlCodeEditorImpl({ value, revision, onChange, markers, readOnly, dark, focusLine, height = '60vh' }: YamlCodeEditorProps) {
  const viewRef = useRef<EditorView | null>(null);
  const [initial] = useState(value);
  const latest = useRef(value);
  latest.current = value;
  useEffect(() => {
    const view = viewRef.current;
    if (!view) return;
    const current = view.state.doc.toString();
    if (current !== latest.current) view.dispatch({ changes: { from: 0, to: current.length, insert: latest.current } });
  }, [revision]);
  const extensions = useMemo(() => [yaml(), lintGutter()], []);
  useEffect(() => {
    const view = viewRef.current;
    if (view) view.dispatch(setDiagnostics(view.state, toDiagnostics(view, markers)));
  }, [markers, value]);
  useEffect(() => {
    const view = viewRef.current;
    if (!view || !focusLine) return;
    const doc = view.state.doc;
    const line = doc.line(Math.min(Math.max(1, focusLine.line), doc.lines));
    view.dispatch({ selection: { anchor: line.from, head: line.to }, scrollIntoView: true });
    view.focus();
  }, [focusLine]);
  return (
    <CodeMirror
      value={initial}
      onChange={onChange}
      extensions={extensions}
      readOnly={readOnly}
      theme={dark ? 'dark' : 'light'}
      height={height}
      basicSetup={{ foldGutter: true, highlightActiveLine: true, tabSize: 2 }}
      onCreateEditor={(view) => {
        viewRef.current = view;
        view.dispatch(setDiagnostics(view.state, toDiagnostics(view, markers)));
      }}
      className="overflow-hidden rounded-md border border-slate-300 text-[13px] dark:border-slate-700"
    />
  );
}
