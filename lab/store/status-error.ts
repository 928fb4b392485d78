/**
 * A Kubernetes `Status` failure, thrown by the store and the API server alike and written
 * to the wire as-is. Field causes use the apiserver's `FieldValueInvalid` style reasons. The
 * shape is the one `Status` type of lib.
 */
import { failureStatus, type Status, type StatusCause, type StatusDetails } from '../../lib/k8s/types';

export type { StatusCause, StatusDetails } from '../../lib/k8s/types';

export class StatusError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
    readonly details?: StatusDetails,
  ) {
    super(message);
    this.name = 'StatusError';
  }

  toStatus(): Status {
    return failureStatus(this.code, this.reason, this.message, this.details);
  }
}

/** `resource.group` as the apiserver prints it in messages ("virtualmachines.kubevirt.io"). */
export function qualifiedResource(group: string, resource: string): string {
  return group ? `${resource}.${group}` : resource;
}

export const notFound = (group: string, resource: string, name: string) =>
  new StatusError(404, 'NotFound', `${qualifiedResource(group, resource)} "${name}" not found`, {
    name,
    group,
    kind: resource,
  });

export const alreadyExists = (group: string, resource: string, name: string) =>
  new StatusError(
    409,
    'AlreadyExists',
    `${qualifiedResource(group, resource)} "${name}" already exists`,
    { name, group, kind: resource },
  );

export const conflict = (group: string, resource: string, name: string) =>
  new StatusError(
    409,
    'Conflict',
    `Operation cannot be fulfilled on ${qualifiedResource(group, resource)} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
    { name, group, kind: resource },
  );

export const expired = (message: string) => new StatusError(410, 'Expired', message);

export const badRequest = (message: string) => new StatusError(400, 'BadRequest', message);

/** 422 Invalid, printed by kubectl as `The <Kind> "<name>" is invalid: ` plus one line per cause. */
export function invalid(
  group: string,
  kind: string,
  name: string,
  causes: StatusCause[],
): StatusError {
  const text = causes.map((c) => (c.field ? `${c.field}: ${c.message}` : c.message)).join(', ');
  return new StatusError(422, 'Invalid', `${kind}.${group || 'core'} "${name}" is invalid: ${text}`, {
    name,
    group,
    kind,
    causes,
  });
}

export const forbidden = (message: string) => new StatusError(403, 'Forbidden', message);
