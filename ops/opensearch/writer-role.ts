/** OpenSearch (fine-grained access control) role the search Firehoses are mapped to. */
export const WRITER_ROLE = 'pipeline_firehose_writer';

/** What Firehose needs: bulk-index into the daily indices, create them, and read cluster state. */
export function writerRole(indexPatterns: readonly string[]): Readonly<Record<string, unknown>> {
  return {
    description: 'Search Firehoses of the pipeline (npm run bootstrap:opensearch)',
    cluster_permissions: ['cluster_composite_ops', 'cluster_monitor'],
    index_permissions: [
      { index_patterns: [...indexPatterns], allowed_actions: ['crud', 'create_index', 'indices:admin/mapping/put', 'indices_monitor'] },
    ],
  };
}

/** Maps IAM role ARNs (backend roles under SigV4) to the writer role. */
export function writerRoleMapping(roleArns: readonly string[]): Readonly<Record<string, unknown>> {
  return { backend_roles: [...roleArns], description: 'Search Firehose IAM roles' };
}
