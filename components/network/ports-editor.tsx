'use client';
/** Masquerade ports to forward (none = all inbound traffic, as upstream does). */
import { useTranslation } from 'react-i18next';
import { Button } from '@/components/ui/button';
import { Select, TextInput } from '@/components/vm/create/form-controls';
import type { FormPort } from '@/lib/network/form-interfaces';

export function PortsEditor({
  ports,
  onChange,
  field,
}: {
  ports: FormPort[];
  onChange(p: FormPort[]): void;
  field: string;
}) {
  const { t } = useTranslation('network');
  const set = (i: number, patch: Partial<FormPort>) =>
    onChange(ports.map((p, j) => (j === i ? { ...p, ...patch } : p)));
  return (
    <div className="space-y-1.5" data-field={field}>
      <span className="block text-xs font-medium text-slate-700 dark:text-slate-300">
        {t('editor.ports')}
      </span>
      {ports.map((p, i) => (
        <div key={i} className="flex gap-2">
          <TextInput
            aria-label={t('common:noun.name')}
            placeholder={t('common:noun.name')}
            value={p.name}
            onChange={(e) => set(i, { name: e.target.value })}
            className="w-32"
          />
          <Select
            aria-label="protocol"
            value={p.protocol}
            onChange={(e) => set(i, { protocol: e.target.value === 'UDP' ? 'UDP' : 'TCP' })}
            className="w-24"
          >
            <option value="TCP">TCP</option>
            <option value="UDP">UDP</option>
          </Select>
          <TextInput
            aria-label={t('editor.portNumber')}
            inputMode="numeric"
            value={p.port ? String(p.port) : ''}
            onChange={(e) => set(i, { port: Number(e.target.value.replace(/\D/g, '')) || 0 })}
            className="w-24"
          />
          <Button variant="ghost" onClick={() => onChange(ports.filter((_, j) => j !== i))}>
            {t('common:actions.remove')}
          </Button>
        </div>
      ))}
      {!ports.length && (
        <span className="block text-xs text-slate-500 dark:text-slate-400">{t('editor.portsHint')}</span>
      )}
      <Button variant="ghost" onClick={() => onChange([...ports, { name: '', protocol: 'TCP', port: 0 }])}>
        {t('editor.addPort')}
      </Button>
    </div>
  );
}
