'use client';
/**
 * State of the import wizard: the form, the DataVolume it edits (so YAML-only edits survive form
 * edits) and the YAML text; submit = local checks, server dry run, create, then the upload for
 * an Upload source. Nothing typed or picked is lost on a failure.
 */
import { useCallback, useState } from 'react';
import { stringify } from 'yaml';
import { defaultDvForm, dvToForm, formToDv, type DvForm } from '@/lib/datavolume/dv-create';
import { dvLocalProblems, groupDvCauses, type DvFormField } from '@/lib/datavolume/dv-create-errors';
import { createObject } from '@/lib/k8s/client';
import { asKubeApiError, KubeApiError } from '@/lib/k8s/kube-api-error';
import { DV_GVR, type DataVolume } from '@/lib/k8s/resources/datavolume';
import { parseEditedYaml } from '@/lib/vm/yaml-text';
import type { YamlParseProblem } from '@/lib/vm/yaml-field-lines';

export type DvSubmitPhase = 'idle' | 'checking' | 'creating';

/** `seed` is the DataVolume the wizard starts from (a copy of another site's), else a blank form's. */
export function useDvCreate(
  initialSite: string,
  initialNamespace: string,
  afterCreate: (dv: DataVolume, form: DvForm, file: File | undefined) => void,
  seed?: DataVolume,
) {
  const [form, setForm] = useState<DvForm>(() =>
    seed ? dvToForm(seed, initialSite).form : defaultDvForm(initialSite, initialNamespace || 'default'),
  );
  const [object, setObject] = useState<DataVolume>(
    () => seed ?? formToDv(defaultDvForm(initialSite, initialNamespace || 'default')),
  );
  const [yamlText, setYamlText] = useState(() => stringify(object));
  const [yamlRevision, setYamlRevision] = useState(0);
  const [yamlProblem, setYamlProblem] = useState<YamlParseProblem | null>(null);
  const [unsupported, setUnsupported] = useState<string[]>([]);
  const [file, setFile] = useState<File | undefined>();
  const [localErrors, setLocalErrors] = useState<Partial<Record<DvFormField, string[]>>>({});
  const [clusterErrors, setClusterErrors] = useState<Partial<Record<DvFormField, string[]>>>({});
  const [error, setError] = useState<KubeApiError | null>(null);
  const [phase, setPhase] = useState<DvSubmitPhase>('idle');

  const update = useCallback(
    (patch: Partial<DvForm>) => {
      const next = { ...form, ...patch };
      const obj = formToDv(next, object);
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
      const parsed = parseEditedYaml<DataVolume>(text);
      if (!parsed.ok) return setYamlProblem(parsed.problem);
      setYamlProblem(null);
      const read = dvToForm(parsed.object, form.site);
      setObject(parsed.object);
      setForm({ ...read.form, site: form.site });
      setUnsupported(read.unsupported);
    },
    [form.site],
  );

  const submit = useCallback(async () => {
    setError(null);
    setClusterErrors({});
    const local = dvLocalProblems(form, file);
    setLocalErrors(local);
    if (yamlProblem || Object.keys(local).length) return;
    try {
      setPhase('checking');
      await createObject(form.site, DV_GVR, object, true);
      setPhase('creating');
      const created = await createObject(form.site, DV_GVR, object);
      afterCreate(created, form, file);
    } catch (e) {
      const err = asKubeApiError(e);
      setError(err);
      if (err.causes.length) setClusterErrors(groupDvCauses(err.causes));
    } finally {
      setPhase('idle');
    }
  }, [form, file, object, yamlProblem, afterCreate]);

  return {
    form,
    object,
    file,
    setFile,
    yamlText,
    yamlRevision,
    yamlProblem,
    unsupported,
    localErrors,
    clusterErrors,
    error,
    phase,
    update,
    editYaml,
    submit,
  };
}
