/** Defaults of the producers' CLI (`npm run produce`), each with its reason. */
export const PRODUCER_DEFAULTS = {
  /**
   * Real run time of a run given neither --duration nor --count alone: a whole minute,
   * the period of the pipeline's per-minute metrics and alarms (12,000 access-log
   * records at the default rate of 200 a second).
   */
  durationSeconds: 60,
} as const;
