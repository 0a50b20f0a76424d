/** ISO-8601 date-time with an explicit zone; local times are ambiguous, so they are invalid. */
const ISO_WITH_ZONE = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2})?)(\.\d+)?(Z|[+-]\d{2}:?\d{2})$/i;

/** Earliest plausible event time; earlier values are almost always epoch seconds sent as milliseconds. */
export const MIN_EVENT_TIME_MS = Date.UTC(2000, 0, 1);

/**
 * Epoch milliseconds of an event time given as ISO-8601 (with zone) or epoch
 * milliseconds, or an explanation of why it is not one.
 */
export function parseEventTime(value: string | number): number | string {
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) return 'expected epoch milliseconds as an integer';
    return value;
  }
  const match = ISO_WITH_ZONE.exec(value);
  if (match === null) return 'expected ISO-8601 date-time with a zone (e.g. 2026-11-24T10:00:00Z) or epoch milliseconds';
  // Date.parse reads at most milliseconds reliably; finer digits are dropped, not rounded.
  const fraction = match[3] === undefined ? '' : match[3].slice(0, 4);
  const zone = match[4] === undefined ? 'Z' : match[4].toUpperCase();
  const zoned = zone.length === 5 ? `${zone.slice(0, 3)}:${zone.slice(3)}` : zone;
  const ms = Date.parse(`${match[1]}T${match[2]}${fraction}${zoned}`);
  if (Number.isNaN(ms)) return 'expected a real calendar date-time';
  return ms;
}
