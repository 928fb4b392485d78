import { StatusError } from '../store/status-error';

/** virt-api's `errors.NewConflict(v1.Resource(kind), name, err)`. */
export function subConflict(kind: 'virtualmachine' | 'virtualmachineinstance', name: string, message: string): StatusError {
  return new StatusError(409, 'Conflict', `Operation cannot be fulfilled on ${kind}.kubevirt.io "${name}": ${message}`, { name, group: 'kubevirt.io', kind });
}

/** virt-api's `errors.NewBadRequest(msg)`. */
export function subBadRequest(message: string): StatusError {
  return new StatusError(400, 'BadRequest', message);
}

/** virt-api's internal error for guest-agent calls. */
export function subInternal(message: string): StatusError {
  return new StatusError(500, 'InternalError', `Internal error occurred: ${message}`, { causes: [{ reason: '', message }] });
}

/** True when the body carries `dryRun: ["All"]`. */
export function isDryRun(body: unknown): boolean {
  const d = (body as { dryRun?: string[] } | undefined)?.dryRun;
  return Array.isArray(d) && d.includes('All');
}
