'use client';
/**
 * State of the create form: the form, the VirtualMachine object it edits (so YAML-only edits
 * survive form edits) and the YAML text; plus submit = local checks, server dry run, create.
 * Nothing typed is lost on a failure.
 */
import { useRouter } from 'next/navigation';
import { useCallback, useState } from 'react';
import { stringify } from 'yaml';
import { createObject } from '@/lib/k8s/client';
import { asKubeApiError, KubeApiError } from '@/lib/k8s/kube-api-error';
import { VM_GVR, type VirtualMachine } from '@/lib/k8s/resources/virtual-machine';
import { vmDetails } from '@/lib/routes';
import { defaultForm, formToVm, vmToForm, type VmForm } from '@/lib/vm/create';
import { groupCauses, localProblems, type FormField } from '@/lib/vm/create-errors';
import { parseEditedYaml } from '@/lib/vm/yaml-text';
import type { YamlParseProblem } from '@/lib/vm/yaml-field-lines';

export type SubmitPhase = 'idle' | 'checking' | 'creating';

export function useCreateVm(initialSite: string, initialNamespace: string) {
  const router = useRouter();
  const [form, setForm] = useState<VmForm>(() => defaultForm(initialSite, initialNamespace || 'default'));
  const [object, setObject] = useState<VirtualMachine>(() => formToVm(defaultForm(initialSite, initialNamespace || 'default')));
  const [yamlText, setYamlText] = useState(() => stringify(object));
  const [yamlProblem, setYamlProblem] = useState<YamlParseProblem | null>(null);
  const [unsupported, setUnsupported] = useState<string[]>([]);
  /** Local problems hold i18n keys; cluster problems hold the apiserver's own words. */
  const [localErrors, setLocalErrors] = useState<Partial<Record<FormField, string[]>>>({});
  const [clusterErrors, setClusterErrors] = useState<Partial<Record<FormField, string[]>>>({});
  const [error, setError] = useState<KubeApiError | null>(null);
  const [phase, setPhase] = useState<SubmitPhase>('idle');
  /** Bumped when form edits rewrite the YAML (the editor owns its text otherwise). */
  const [yamlRevision, setYamlRevision] = useState(0);

  const update = useCallback(
    (patch: Partial<VmForm>) => {
      const next = { ...form, ...patch };
      const obj = formToVm(next, object);
      setForm(next);
      setObject(obj);
      setYamlText(stringify(obj));
      setYamlRevision((r) => r + 1);
      setYamlProblem(null);
    },
    [form, object],
  );

  const editYaml = useCallback(
    (text: string) => {
      setYamlText(text);
      const parsed = parseEditedYaml<VirtualMachine>(text);
      if (!parsed.ok) {
        setYamlProblem(parsed.problem);
        return;
      }
      setYamlProblem(null);
      const read = vmToForm(parsed.object, form.site);
      setObject(parsed.object);
      setForm({ ...read.form, site: form.site });
      setUnsupported(read.unsupported);
    },
    [form.site],
  );

  const submit = useCallback(async () => {
    setError(null);
    setClusterErrors({});
    const local = localProblems(form);
    setLocalErrors(local);
    if (yamlProblem || Object.keys(local).length) return;
    try {
      setPhase('checking');
      await createObject(form.site, VM_GVR, object, true);
      setPhase('creating');
      const created = await createObject(form.site, VM_GVR, object);
      router.push(vmDetails(form.site, created.metadata.namespace ?? form.namespace, created.metadata.name ?? form.name));
    } catch (e) {
      const err = asKubeApiError(e);
      setError(err);
      if (err.causes.length) setClusterErrors(groupCauses(err.causes, form));
    } finally {
      setPhase('idle');
    }
  }, [form, object, yamlProblem, router]);

  return { form, object, yamlText, yamlRevision, yamlProblem, unsupported, localErrors, clusterErrors, error, phase, update, editYaml, submit };
}
