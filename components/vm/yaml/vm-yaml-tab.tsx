'use client';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiErrorMessage } from '@/components/vm/actions/api-error-message';
import { Button } from '@/components/ui/button';
import type { VirtualMachine } from '@/lib/k8s/resources/virtual-machine';
import { ConflictPanel } from './conflict-panel';
import { useYamlEdit } from './use-yaml-edit';
import { YamlCodeEditor } from './yaml-code-editor';

/** Follows the shell's dark class so the editor matches the theme. */
function useDarkClass(): boolean {
  const [dark, setDark] = useState(false);
  useEffect(() => {
    const el = document.documentElement;
    const update = () => setDark(el.classList.contains('dark'));
    update();
    const obs = new MutationObserver(update);
    obs.observe(el, { attributes: true, attributeFilter: ['class'] });
    return () => obs.disconnect();
  }, []);
  return dark;
}

/** YAML of the VM: dry run, then save; field errors at their lines; 409s resolved explicitly. */
export function VmYamlTab({ site, vm, canUpdate }: { site: string; vm: VirtualMachine; canUpdate: boolean | undefined }) {
  const { t } = useTranslation('vm-details');
  const s = useYamlEdit(site, vm);
  const dark = useDarkClass();
  const [focus, setFocus] = useState<{ line: number; seq: number } | undefined>();
  const busy = s.phase !== 'idle';
  return (
    <div className="space-y-3" data-testid="yaml-tab">
      <div className="flex flex-wrap items-center gap-2">
        <Button variant="primary" disabled={!s.dirty || busy || canUpdate === false} onClick={() => void s.save()} data-testid="yaml-save">
          {busy ? t(`yaml.phase.${s.phase}`) : t('common:actions.save')}
        </Button>
        <Button disabled={!s.dirty || busy} onClick={s.discard} data-testid="yaml-discard">
          {t('yaml.discard')}
        </Button>
        <span className="text-xs text-slate-500" data-testid="yaml-state">
          {s.dirty ? t('yaml.unsaved') : s.savedAt ? t('yaml.saved') : t('yaml.upToDate', { rv: s.base.metadata.resourceVersion ?? '' })}
        </span>
        {canUpdate === false && <span className="text-xs text-amber-700 dark:text-amber-400">{t('yaml.readOnly')}</span>}
      </div>
      <p className="text-xs text-slate-500">{t('yaml.hint')}</p>
      {s.stale && !s.conflict && (
        <p className="rounded border border-amber-300 bg-amber-50 px-3 py-2 text-xs text-amber-900 dark:border-amber-700 dark:bg-amber-950/40 dark:text-amber-200" data-testid="yaml-stale">
          {t('yaml.staleNotice')}
        </p>
      )}
      {s.conflict && <ConflictPanel conflict={s.conflict} onReapply={() => s.reapply()} onTakeServer={() => s.takeServer()} onClose={s.closeConflict} />}
      {s.error && !s.error.causes.length && <ApiErrorMessage error={s.error} title={t('yaml.saveFailed')} />}
      {s.problems.length > 0 && (
        <div role="alert" data-testid="yaml-problems" className="rounded border border-red-300 bg-red-50 px-3 py-2 text-[13px] text-red-900 dark:border-red-800 dark:bg-red-950/40 dark:text-red-200">
          <p className="font-medium">{s.parseProblem ? t('yaml.parseError') : t('yaml.invalid', { message: s.error?.message ?? '' })}</p>
          <ul className="mt-1 space-y-0.5">
            {s.problems.map((p, i) => (
              <li key={i}>
                <button type="button" className="text-left underline decoration-dotted" onClick={() => setFocus({ line: p.line, seq: Date.now() })}>
                  {t('yaml.line', { line: p.line })}
                </button>{' '}
                {p.field && <code className="font-mono text-xs">{p.field}</code>} {p.message}
              </li>
            ))}
          </ul>
        </div>
      )}
      <YamlCodeEditor value={s.text} revision={s.revision} onChange={s.edit} markers={s.problems} dark={dark} focusLine={focus} readOnly={busy} />
    </div>
  );
}
