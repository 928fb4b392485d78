import { describe, expect, it } from 'vitest';
import { migrationSeriesQuery, samplesFrom, seriesFromText } from './migration-series';

const TEXT = `# HELP kubevirt_vmi_migration_data_bytes_total The total Guest OS data to be migrated to the new VM.
# TYPE kubevirt_vmi_migration_data_bytes_total gauge
kubevirt_vmi_migration_data_bytes_total{namespace="prod",name="db",node="n1"} 1073741824
kubevirt_vmi_migration_data_bytes_total{namespace="prod",name="web",node="n2"} 536870912
# HELP kubevirt_vmi_migration_data_processed_bytes x
# TYPE kubevirt_vmi_migration_data_processed_bytes gauge
kubevirt_vmi_migration_data_processed_bytes{namespace="prod",name="db",node="n1"} 2.5e8
# HELP kubevirt_vmi_migration_data_remaining_bytes x
# TYPE kubevirt_vmi_migration_data_remaining_bytes gauge
kubevirt_vmi_migration_data_remaining_bytes{namespace="prod",name="db",node="n1"} 8e8
# HELP kubevirt_vmi_migration_memory_transfer_rate_bytes x
# TYPE kubevirt_vmi_migration_memory_transfer_rate_bytes gauge
kubevirt_vmi_migration_memory_transfer_rate_bytes{namespace="prod",name="db",node="n1"} NaN
# HELP kubevirt_vmi_migration_dirty_memory_rate_bytes x
# TYPE kubevirt_vmi_migration_dirty_memory_rate_bytes gauge
kubevirt_vmi_migration_dirty_memory_rate_bytes{namespace="prod",name="db",node="n1"} 1048576
# HELP kubevirt_vmi_memory_used_bytes x
# TYPE kubevirt_vmi_memory_used_bytes gauge
kubevirt_vmi_memory_used_bytes{namespace="prod",name="db",node="n1"} 5
kubevirt_vmi_migration_data_processed_bytes_orphan{namespace="prod",name="x",node="n1"} 1
`;

describe('migration series', () => {
  it('folds the text exposition of one node into samples; other nodes and metrics are ignored', () => {
    expect(samplesFrom(seriesFromText(TEXT), 'n1')).toEqual([
      {
        namespace: 'prod',
        vmi: 'db',
        totalBytes: 1073741824,
        processedBytes: 2.5e8,
        remainingBytes: 8e8,
        transferRate: 0,
        dirtyRate: 1048576,
      },
    ]);
    expect(samplesFrom(seriesFromText(TEXT), 'n2').map((s) => s.vmi)).toEqual(['web']);
    expect(samplesFrom(seriesFromText(TEXT), 'n3')).toEqual([]);
  });
  it('needs the total before a VMI counts as migrating', () => {
    expect(
      samplesFrom(
        [
          {
            name: 'kubevirt_vmi_migration_data_processed_bytes',
            labels: { namespace: 'a', name: 'b', node: 'n' },
            value: 1,
          },
        ],
        'n',
      ),
    ).toEqual([]);
  });
  it('quotes the node in the PromQL selector', () => {
    expect(migrationSeriesQuery('a"b')).toBe(
      '{__name__=~"kubevirt_vmi_migration_data_bytes_total|kubevirt_vmi_migration_data_processed_bytes|kubevirt_vmi_migration_data_remaining_bytes|kubevirt_vmi_migration_memory_transfer_rate_bytes|kubevirt_vmi_migration_dirty_memory_rate_bytes",node="a\\"b"}',
    );
  });
});
