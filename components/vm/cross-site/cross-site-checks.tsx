'use client';
/**
 * The pre-flight lines of a cross-site migration, live: both sites' KubeVirt CRs, the target's
 * nodes, NetworkAttachmentDefinitions, DataVolumes and PVCs are watched while shown; a disk
 * without a copy on the target gets a link to import the same source there (a new tab, so the
 * wizard stays), and its line passes once the copy exists. The link's bandwidth is the
 * cap KubeVirt applies to a migration; the round trip is estimated from the console's probes
 * of both sites (`crossSiteLink`).
 */
import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { IconCheck, IconWarning, IconX } from '@/components/ui/icons';
import { useK8sList } from '@/lib/k8s/hooks/use-k8s-list';
import { DV_GVR, type DataVolume } from '@/lib/k8s/resources/datavolume';
import { KUBEVIRT_GVR, type KubeVirtCr } from '@/lib/k8s/resources/kubevirt-cr';
import { NAD_GVR, type NetworkAttachmentDefinition } from '@/lib/k8s/resources/network-attachment-definition';
import { NODE_GVR, type KubeNode } from '@/lib/k8s/resources/node';
import { PVC_GVR, type PersistentVolumeClaim } from '@/lib/k8s/resources/persistent-volume-claim';
import type { VirtualMachine } from '@/lib/k8s/resources/virtual-machine';
import {
  crossSiteMayStart,
  crossSitePreflight,
  type CrossSiteLine,
} from '@/lib/migration/cross-site-preflight';
import { crossSiteLink } from '@/lib/migration/cross-site-link';
import { useSites } from '@/lib/query/sites';
import { routes } from '@/lib/routes';

const first = <T,>(items: ReadonlyMap<string, T>) => items.values().next().value;

function Icon({ line }: { line: CrossSiteLine }) {
  const cls = 'mt-0.5 shrink-0';
  if (!line.ok) return <IconX className={`${cls} text-red-600`} width={14} height={14} />;
  if (line.warn) return <IconWarning className={`${cls} text-amber-600`} width={14} height={14} />;
  return <IconCheck className={`${cls} text-emerald-600`} width={14} height={14} />;
}

export function CrossSiteChecks({
  vm,
  sourceSite,
  targetSite,
  targetNamespace,
  onPass,
}: {
  vm: VirtualMachine;
  sourceSite: string;
  targetSite: string;
  targetNamespace: string;
  onPass: (ok: boolean) => void;
}) {
  const { t } = useTranslation('cross-site');
  const sourceKv = useK8sList<KubeVirtCr>(sourceSite, KUBEVIRT_GVR);
  const targetKv = useK8sList<KubeVirtCr>(targetSite, KUBEVIRT_GVR);
  const nodes = useK8sList<KubeNode>(targetSite, NODE_GVR);
  const nads = useK8sList<NetworkAttachmentDefinition>(targetSite, NAD_GVR);
  const dvs = useK8sList<DataVolume>(targetSite, DV_GVR, { namespace: targetNamespace });
  const pvcs = useK8sList<PersistentVolumeClaim>(targetSite, PVC_GVR, { namespace: targetNamespace });
  const sites = useSites().data ?? [];
  const rtt = (name: string) => sites.find((s) => s.name === name)?.rttMs;
  const sourceRtt = rtt(sourceSite);
  const targetRtt = rtt(targetSite);
  const ready =
    sourceKv.listed && targetKv.listed && nodes.listed && dvs.listed && pvcs.listed && (nads.listed || Boolean(nads.error));
  const lines = useMemo(() => {
    if (!ready) return null;
    const kv = first(sourceKv.items);
    return crossSitePreflight({
      vm,
      sourceSite,
      targetSite,
      targetNamespace,
      sourceKv: kv,
      targetKv: first(targetKv.items),
      targetNodes: [...nodes.items.values()],
      targetNads: [...nads.items.values()],
      targetClaims: new Set([...dvs.items.values(), ...pvcs.items.values()].map((o) => o.metadata.name ?? '')),
      link: crossSiteLink(kv, sourceRtt, targetRtt),
      dirtyRateBytesPerSec: 0,
    });
  }, [ready, vm, sourceSite, targetSite, targetNamespace, sourceKv, targetKv, nodes, nads, dvs, pvcs, sourceRtt, targetRtt]);
  const ok = lines !== null && crossSiteMayStart(lines);
  useEffect(() => onPass(ok), [ok, onPass]);
  if (!lines) {
    const err = sourceKv.error ?? targetKv.error ?? nodes.error ?? dvs.error ?? pvcs.error;
    return <p role="status">{err?.message ?? t('checking')}</p>;
  }
  return (
    <ul className="mt-1 space-y-1.5" data-testid="xsite-preflight" data-ok={ok}>
      {lines.map((l) => (
        <li
          key={l.key}
          className="flex gap-2"
          data-testid={`xsite-preflight-${l.key}`}
          data-ok={l.ok}
          data-warn={l.warn ?? false}
          data-reason={l.reason}
        >
          <Icon line={l} />
          <span>
            <span className="font-medium text-slate-800 dark:text-slate-200">{t(`line.${l.key}`)}</span> —{' '}
            {t(`preflight.${l.reason}`, l.values)}
            {l.missing?.map((claim) => (
              <a
                key={claim}
                className="ml-2 text-blue-700 hover:underline dark:text-blue-400"
                data-testid="xsite-copy-disk"
                data-claim={claim}
                target="_blank"
                rel="noopener"
                href={routes.dataVolumeCopy(targetSite, targetNamespace, {
                  site: sourceSite,
                  namespace: vm.metadata.namespace ?? '',
                  name: claim,
                })}
              >
                {t('copyDisk', { name: claim, site: targetSite })}
              </a>
            ))}
          </span>
        </li>
      ))}
    </ul>
  );
}
