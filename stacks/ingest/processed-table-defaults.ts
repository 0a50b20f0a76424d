/** Defaults of ProcessedTable. */
export const PROCESSED_TABLE_DEFAULTS = {
  /**
   * First partition date of the projection: before any data of this pipeline. The raw
   * tables' migrations (V1, V2) spell the same date in their DDL, which cannot change
   * once applied (their checksums are recorded).
   */
  projectionStartDate: '2024-01-01',
} as const;
