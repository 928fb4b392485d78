/* eslint-disable @typescript-eslint/no-explicit-any -- JSON schema documents are untyped */

/**
 * The NetworkAttachmentDefinition (k8s.cni.cncf.io/v1) as its CRD defines it: a namespaced
 * object whose `spec.config` is the CNI configuration, one JSON document in a string.
 */
export const NAD_DEFINITIONS: Record<string, any> = {
  NetworkAttachmentDefinition: {
    type: 'object',
    description:
      'NetworkAttachmentDefinition is a CRD schema specified by the Network Plumbing Working Group to express the intent for attaching pods to one or more logical or physical networks.',
    properties: {
      apiVersion: {
        type: 'string',
        description: 'APIVersion defines the versioned schema of this representation of an object.',
      },
      kind: {
        type: 'string',
        description: 'Kind is a string value representing the REST resource this object represents.',
      },
      metadata: { type: 'object' },
      spec: {
        type: 'object',
        description: 'NetworkAttachmentDefinition spec defines the desired state of a network attachment.',
        properties: {
          config: {
            type: 'string',
            description: 'NetworkAttachmentDefinition config is a JSON-formatted CNI configuration.',
          },
        },
      },
    },
  },
};
