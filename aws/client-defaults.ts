/** Defaults of `awsClientConfig`, each with its reason. */
export const AWS_CLIENT_DEFAULTS = {
  /** A TCP connect within the region takes milliseconds; 3 s is the SDK's own socket default. */
  connectionTimeoutMs: 3_000,
  /** The slowest call we make (a 4 MiB PutRecords, a Glue GetTable) answers within seconds; 30 s leaves room for throttled AWS. */
  requestTimeoutMs: 30_000,
  /** The SDK's standard mode default: one call and two retries. */
  maxAttempts: 3,
} as const;
