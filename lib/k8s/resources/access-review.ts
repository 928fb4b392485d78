/**
 * authorization.k8s.io SelfSubjectAccessReview ("may I do this?") and authentication.k8s.io
 * SelfSubjectReview ("who am I?"): the two reviews the console asks a cluster, as the user.
 */
import { apiPath } from '../api-path';

/** `spec.resourceAttributes` of an access review. */
export interface ResourceAttributes {
  namespace: string;
  verb: string;
  group: string;
  resource: string;
  subresource?: string;
  name?: string;
}

export const ACCESS_REVIEW_PATH = apiPath({ group: 'authorization.k8s.io', version: 'v1', resource: 'selfsubjectaccessreviews' });

export const SELF_SUBJECT_REVIEW_PATH = apiPath({ group: 'authentication.k8s.io', version: 'v1', resource: 'selfsubjectreviews' });

/** Body of one SelfSubjectAccessReview POST. */
export function accessReviewBody(attrs: ResourceAttributes): unknown {
  return {
    apiVersion: 'authorization.k8s.io/v1',
    kind: 'SelfSubjectAccessReview',
    spec: { resourceAttributes: attrs },
  };
}

/** What the cluster answers (the parts the console reads). */
export interface AccessReviewAnswer {
  status?: { allowed?: boolean; denied?: boolean; reason?: string };
}
