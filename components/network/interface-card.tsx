'use client';
/** One interface of the editor: its network, its binding as outcomes, model, MAC and ports. */
import { useTranslation } from 'react-i18next';
import { Button } from '@/components/ui/button';
import { FieldErrors, Labeled, Select, TextInput } from '@/components/vm/create/form-controls';
import {
  nadCniType,
  nadNetworkName,
  type NetworkAttachmentDefinition,
} from '@/lib/k8s/resources/network-attachment-definition';
import { INTERFACE_MODELS } from '@/lib/network/bindings';
import type { FormInterface } from '@/lib/network/form-interfaces';
import type { BindingOption } from '@/lib/network/outcome';
import { BindingChoice } from './binding-choice';
import { PortsEditor } from './ports-editor';
import { SriovFree } from './sriov-free';

const POD = '';

export interface InterfaceCardProps {
  iface: FormInterface;
  index: number;
  nads: NetworkAttachmentDefinition[];
  options: BindingOption[];
  errors: string[];
  sriov: { resource: string | undefined; free: { node: string; free: number }[] } | undefined;
  onChange(patch: Partial<FormInterface>): void;
  onRemove(): void;
}

export function InterfaceCard({
  iface,
  index,
  nads,
  options,
  errors,
  sriov,
  onChange,
  onRemove,
}: InterfaceCardProps) {
  const { t } = useTranslation('network');
  const value = iface.kind === 'pod' ? POD : iface.nad;
  const shown = options.some((o) => o.binding === iface.binding)
    ? options
    : [...options, { binding: iface.binding, refused: errors[0] }];
  const chooseNetwork = (v: string) => {
    if (v === POD) onChange({ kind: 'pod', nad: '', binding: 'masquerade' });
    else
      onChange({
        kind: 'multus',
        nad: v,
        binding: iface.binding === 'masquerade' ? 'bridge' : iface.binding,
        ports: [],
      });
  };
  return (
    <div
      className="space-y-3 rounded-md border border-slate-200 p-3 dark:border-slate-700"
      data-interface={iface.name}
    >
      <div className="flex items-center justify-between">
        <span className="text-[13px] font-medium text-slate-900 dark:text-slate-100">
          {t('editor.interface', { name: iface.name })}
        </span>
        <Button variant="ghost" onClick={onRemove} data-testid={`remove-${iface.name}`}>
          {t('common:actions.remove')}
        </Button>
      </div>
      <Labeled label={t('common:noun.network')} field={`iface-${index}-network`}>
        <Select value={value} onChange={(e) => chooseNetwork(e.target.value)} name={`network-${iface.name}`}>
          <option value={POD}>{t('common:noun.podNetwork')}</option>
          {iface.kind === 'multus' && !iface.nad && <option value="">{t('editor.chooseNad')}</option>}
          {iface.kind === 'multus' && iface.nad && !nads.some((n) => nadNetworkName(n) === iface.nad) && (
            <option value={iface.nad}>{iface.nad}</option>
          )}
          <optgroup label={t('editor.nadGroup')}>
            {nads.map((n) => (
              <option key={nadNetworkName(n)} value={nadNetworkName(n)}>
                {nadNetworkName(n)}
                {nadCniType(n) ? ` (${nadCniType(n)})` : ''}
              </option>
            ))}
          </optgroup>
        </Select>
        {!nads.length && <span className="mt-1 block text-xs text-slate-500">{t('editor.noNads')}</span>}
      </Labeled>
      <div className="space-y-2" role="radiogroup" aria-label={t('common:noun.binding')}>
        <span className="block text-xs font-medium text-slate-700 dark:text-slate-300">
          {t('common:noun.binding')}
        </span>
        {shown.map((o) => (
          <BindingChoice
            key={o.binding}
            option={o}
            group={`binding-${iface.name}`}
            checked={o.binding === iface.binding}
            onChoose={() => onChange({ binding: o.binding })}
          />
        ))}
      </div>
      {iface.binding === 'sriov' && sriov && <SriovFree resource={sriov.resource} free={sriov.free} />}
      <div className="grid grid-cols-2 gap-3">
        <Labeled label={t('editor.model')} field={`iface-${index}-model`}>
          <Select
            value={iface.model}
            onChange={(e) => onChange({ model: e.target.value })}
            name={`model-${iface.name}`}
          >
            <option value="">{t('editor.modelDefault')}</option>
            {INTERFACE_MODELS.filter((m) => m !== 'virtio').map((m) => (
              <option key={m} value={m}>
                {m}
              </option>
            ))}
            {iface.model && !(INTERFACE_MODELS as readonly string[]).includes(iface.model) && (
              <option value={iface.model}>{iface.model}</option>
            )}
          </Select>
        </Labeled>
        <Labeled label={t('editor.mac')} hint={t('editor.macHint')} field={`iface-${index}-mac`}>
          <TextInput
            value={iface.macAddress}
            onChange={(e) => onChange({ macAddress: e.target.value.trim() })}
            name={`mac-${iface.name}`}
            placeholder="02:00:00:00:00:01"
            spellCheck={false}
          />
        </Labeled>
      </div>
      {iface.binding === 'masquerade' && (
        <PortsEditor
          ports={iface.ports}
          onChange={(ports) => onChange({ ports })}
          field={`iface-${index}-ports`}
        />
      )}
      <FieldErrors errors={errors} testId={`error-iface-${iface.name}`} />
    </div>
  );
}
