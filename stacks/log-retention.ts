import type { PropsCheck } from './props-error';

/** Retention values CloudWatch Logs accepts, in days: any other fails at apply, so constructs refuse it at synth. */
export const LOG_RETENTION_DAYS: readonly number[] = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
];

/** Records a problem on `check` unless `days` is a retention CloudWatch Logs accepts. */
export function checkLogRetention(check: PropsCheck, prop: string, days: number): void {
  check.expect(LOG_RETENTION_DAYS.includes(days), prop, `${days}; expected one of ${LOG_RETENTION_DAYS.join(', ')}`);
}
