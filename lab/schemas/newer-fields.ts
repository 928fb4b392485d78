/* eslint-disable @typescript-eslint/no-explicit-any -- JSON schema documents are untyped */

/**
 * Fields upstream added after the package's release that the lab implements, so a manifest
 * using them is not pruned as unknown. Each one is checked against upstream's swagger by the
 * oracle test (tests/conformance/schemas-vs-upstream.test.ts); the rest of the skew is listed
 * there. Keyed by definition, then property.
 */
export const NEWER_FIELDS: Record<'kubevirt' | 'cdi', Record<string, Record<string, any>>> = {
  kubevirt: {
    'v1.MigrationConfiguration': {
      maxDowntimeMs: {
        type: 'integer',
        description:
          'The longest pause, in milliseconds, the final stop-and-copy step of a live migration may cause.',
      },
    },
    'v1alpha1.MigrationPolicySpec': {
      maxDowntimeMs: {
        type: 'integer',
        description:
          'The longest pause, in milliseconds, the final stop-and-copy step of a live migration may cause.',
      },
    },
  },
  cdi: {
    'v1beta1.DataVolumeSourceHTTP': {
      checksum: {
        type: 'string',
        description:
          'Expected digest of the downloaded image, as `sha256:<hex>` or `md5:<hex>`; the import fails on a mismatch.',
      },
    },
  },
};
