'use client';
/** The create form's interfaces: each network and binding offered as outcomes, judged by lib/network. */
import { useTranslation } from 'react-i18next';
import { Button } from '@/components/ui/button';
import { InterfaceCard } from '@/components/network/interface-card';
import { MigrationBadge } from '@/components/network/migration-badge';
import { nadNetworkName } from '@/lib/k8s/resources/network-attachment-definition';
import { networkConfigOf } from '@/lib/network/config';
import { nextInterfaceName, type FormInterface } from '@/lib/network/form-interfaces';
import { ALLOW_POD_BRIDGE_MIGRATION } from '@/lib/network/migration';
import { bindingOptions, causeInterfaceIndex, interfacesVerdict } from '@/lib/network/outcome';
import { freeFunctions, nadResourceName } from '@/lib/network/sriov';
import { FormSection } from './form-controls';
import type { SectionProps } from './section-types';

export function NetworkSection({ form, update, errors, options }: SectionProps) {
  const { t } = useTranslation('network');
  const cfg = networkConfigOf(options.kubevirts[0]);
  const annotations = form.allowPodBridgeMigration ? { [ALLOW_POD_BRIDGE_MIGRATION]: 'true' } : undefined;
  const verdict = interfacesVerdict(form.interfaces, annotations, cfg);
  const set = (i: number, patch: Partial<FormInterface>) =>
    update({ interfaces: form.interfaces.map((x, j) => (j === i ? { ...x, ...patch } : x)) });
  const add = () =>
    update({
      interfaces: [
        ...form.interfaces,
        {
          name: nextInterfaceName(form.interfaces),
          kind: 'multus',
          nad: options.nads[0] ? nadNetworkName(options.nads[0]) : '',
          binding: 'bridge',
          model: '',
          macAddress: '',
          ports: [],
        },
      ],
    });
  const podBridge = form.interfaces.some((i) => i.kind === 'pod' && i.binding === 'bridge');
  const general = verdict.causes
    .filter((c) => causeInterfaceIndex(c) === undefined)
    .map((c) => c.message ?? '');
  return (
    <FormSection
      title={t('editor.title')}
      description={t('editor.description')}
      field="network"
      errors={[...general, ...(errors.network ?? [])]}
    >
      <div className="flex items-center gap-2 text-xs" data-testid="vm-migration-verdict">
        <MigrationBadge block={verdict.migrationBlock} />
      </div>
      {form.interfaces.map((iface, i) => {
        const nad = options.nads.find((n) => nadNetworkName(n) === iface.nad);
        const resource = nadResourceName(nad);
        return (
          <InterfaceCard
            key={i}
            iface={iface}
            index={i}
            nads={options.nads}
            options={bindingOptions(form.interfaces, i, annotations, cfg)}
            errors={verdict.causes.filter((c) => causeInterfaceIndex(c) === i).map((c) => c.message ?? '')}
            sriov={
              iface.binding === 'sriov'
                ? { resource, free: resource ? freeFunctions(resource, options.nodes, options.pods) : [] }
                : undefined
            }
            onChange={(patch) => set(i, patch)}
            onRemove={() => update({ interfaces: form.interfaces.filter((_, j) => j !== i) })}
          />
        );
      })}
      {podBridge && (
        <label className="flex items-start gap-2 text-[13px]">
          <input
            type="checkbox"
            className="mt-0.5"
            checked={form.allowPodBridgeMigration}
            onChange={(e) => update({ allowPodBridgeMigration: e.target.checked })}
            name="allowPodBridgeMigration"
          />
          <span>
            <span className="font-medium">{t('editor.allowPodBridge')}</span>
            <span className="block text-xs text-slate-500 dark:text-slate-400">
              {t('editor.allowPodBridgeHint')}
            </span>
          </span>
        </label>
      )}
      <Button onClick={add} data-testid="add-interface">
        {t('editor.add')}
      </Button>
    </FormSection>
  );
}
