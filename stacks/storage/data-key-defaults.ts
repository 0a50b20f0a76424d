/** Defaults of DataKey. */
export const DATA_KEY_DEFAULTS = {
  /** The longest window KMS allows: a key deleted by mistake can be restored for a month. */
  deletionWindowInDays: 30,
} as const;
