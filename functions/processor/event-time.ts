/** ISO-8601 date-time with an explicit zone; local times are ambiguous, so they are invalid. */
const ISO_WITH_ZONE = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?(\.\d+)?(Z|[+-]\d{2}:?\d{2})$/i;

/** Earliest plausible event time; earlier values are almost always epoch seconds sent as milliseconds. */
export const MIN_EVENT_TIME_MS = Date.UTC(2000, 0, 1);

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return month === 2 && leap ? 29 : (DAYS[month - 1] ?? 0);
}

/**
 * Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's days_from_civil):
 * integer arithmetic where Date.UTC is a builtin call (~35 ns) made for every record.
 */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

/** Two decimal digits at `i`, or NaN. */
function digits2(v: string, i: number): number {
  const a = v.charCodeAt(i) - 48;
  const b = v.charCodeAt(i + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : Number.NaN;
}

/**
 * Epoch ms of a string that is exactly `YYYY-MM-DDTHH:MM:SS.mmmZ` with real calendar
 * fields (already canonical: what producers send), else NaN. Char arithmetic instead
 * of a regular expression and Date.parse: this runs for every record.
 */
export function parseCanonicalIso(v: string): number {
  if (v.length !== 24 || v.charCodeAt(23) !== 90 || v.charCodeAt(10) !== 84 || v.charCodeAt(19) !== 46) return Number.NaN;
  if (v.charCodeAt(4) !== 45 || v.charCodeAt(7) !== 45 || v.charCodeAt(13) !== 58 || v.charCodeAt(16) !== 58) return Number.NaN;
  const year = digits2(v, 0) * 100 + digits2(v, 2);
  const month = digits2(v, 5);
  const day = digits2(v, 8);
  const hour = digits2(v, 11);
  const minute = digits2(v, 14);
  const second = digits2(v, 17);
  const last = v.charCodeAt(22) - 48;
  if (!(month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month) && hour <= 23 && minute <= 59 && second <= 59))
    return Number.NaN;
  const centis = digits2(v, 20);
  if (Number.isNaN(centis) || last < 0 || last > 9) return Number.NaN;
  return ((daysFromCivil(year, month, day) * 24 + hour) * 60 + minute) * 60_000 + second * 1000 + centis * 10 + last;
}

/**
 * Epoch milliseconds of an event time given as ISO-8601 (with zone) or epoch
 * milliseconds, or an explanation of why it is not one. Calendar fields are
 * range-checked because Date.parse rolls 2026-02-30 over into March.
 */
export function parseEventTime(value: string | number): number | string {
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) return 'expected epoch milliseconds as an integer';
    return value;
  }
  const canonical = parseCanonicalIso(value);
  if (!Number.isNaN(canonical)) return canonical;
  const m = ISO_WITH_ZONE.exec(value);
  if (m === null) return 'expected ISO-8601 date-time with a zone (e.g. 2026-11-24T10:00:00Z) or epoch milliseconds';
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6] ?? '0'].map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59 || second > 59) {
    return 'expected a real calendar date-time';
  }
  // Date.parse reads at most milliseconds reliably; finer digits are dropped, not rounded.
  const fraction = m[7] === undefined ? '' : m[7].slice(0, 4);
  const zone = (m[8] ?? 'Z').toUpperCase();
  const zoned = zone.length === 5 ? `${zone.slice(0, 3)}:${zone.slice(3)}` : zone;
  const ms = Date.parse(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6] ?? '00'}${fraction}${zoned}`);
  return Number.isNaN(ms) ? 'expected a real calendar date-time' : ms;
}
