/** ISM policy id shared by all datasets' daily indices. */
export const RETENTION_POLICY_ID = 'pipeline-daily-retention';

/** ISM policy deleting daily indices `retentionDays` after creation, attached to new indices by its ISM template. */
export function retentionPolicy(retentionDays: number, indexPatterns: readonly string[]): Readonly<Record<string, unknown>> {
  return {
    policy: {
      description: `Delete the pipeline's daily indices ${retentionDays} days after creation (config opensearch.indexRetentionDays).`,
      default_state: 'hot',
      states: [
        { name: 'hot', actions: [], transitions: [{ state_name: 'delete', conditions: { min_index_age: `${retentionDays}d` } }] },
        { name: 'delete', actions: [{ delete: {} }], transitions: [] },
      ],
      ism_template: [{ index_patterns: [...indexPatterns], priority: 100 }],
    },
  };
}
