/** Defaults of the operations CLIs (`ops/`), each with its reason. */
export const OPS_DEFAULTS = {
  /** Per-request timeout of `bootstrap:opensearch`: the domain answers its small PUTs in well under a second. */
  requestTimeoutSeconds: 30,
} as const;
