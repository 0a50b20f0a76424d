/** Defaults of SearchDomain. */
export const SEARCH_DOMAIN_DEFAULTS = {
  /** One zone: zone awareness doubles the nodes, which production turns on in its config. */
  zoneCount: 1,
  /** The newest OpenSearch engine the provider and the dashboards are tested with. */
  engineVersion: 'OpenSearch_2.19',
  /** A month of slow and error logs. */
  logRetentionDays: 30,
} as const;
