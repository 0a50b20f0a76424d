import { accessLogs, CRITICAL_ERROR_CODES, DEVICE_TYPES, REGIONS } from '../datasets/access-logs';
import type { InputRecordOf } from '../datasets/define-dataset';
import { InvalidProducerOptionError } from './errors';
import {
  assertSpanFitsScenarios,
  minuteWindow,
  SCENARIO_SHAPE,
  type AccessLogScenario,
  type GeneratedRun,
  type RecordStream,
  type ScenarioWindow,
} from './scenarios';
import { deriveSeed, SeededRandom, type Weighted } from './seeded-random';
import { mergeAscending, sortedUniformTimes } from './sorted-times';
import { defaultStart } from './simulated-span';
import { allocate, diurnalFactor } from './traffic-curve';

const MINUTE_MS = 60_000;

export type DeviceType = (typeof DEVICE_TYPES)[number];
export type Region = (typeof REGIONS)[number];

/**
 * One access event, derived from the `access-logs` declaration (a renamed field fails
 * the build here too). Absent optional fields are omitted; this generator always sets
 * the event id, so its records have one.
 */
export type AccessLogRecord = InputRecordOf<typeof accessLogs> & { readonly event_id: string };

export interface AccessLogGeneratorOptions {
  readonly seed: number;
  /** Baseline records over the whole span; scenarios add their records on top. */
  readonly count: number;
  /**
   * Length of the simulated span.
   * @default 3_600_000 (one hour)
   */
  readonly simulatedDurationMs?: number;
  /**
   * Start of the simulated span.
   * @default now - simulatedDurationMs, floored to the minute (so no event lies in the future)
   */
  readonly start?: Date;
  /** @default [] */
  readonly scenarios?: readonly AccessLogScenario[];
  /**
   * Region the outage hits.
   * @default 'eu-west'
   */
  readonly outageRegion?: Region;
}

/**
 * Baseline probability of a critical code: a few an hour at the default rate, and
 * under 20 a minute up to ~60,000 requests a minute, so no baseline run alarms.
 */
const BASELINE_CRITICAL_PROBABILITY = 0.0003;

const DEVICE_WEIGHTS: Weighted<DeviceType> = [
  ['web', 30],
  ['mobile', 28],
  ['smart_tv', 18],
  ['tablet', 8],
  ['console', 6],
  ['server', 10],
];
const CLIENT_DEVICE_WEIGHTS: Weighted<DeviceType> = DEVICE_WEIGHTS.filter(([d]) => d !== 'server');
const REGION_WEIGHTS: Weighted<Region> = [
  ['us-east', 26],
  ['us-west', 14],
  ['eu-west', 18],
  ['eu-central', 12],
  ['sa-east', 10],
  ['ap-south', 10],
  ['ap-northeast', 10],
];

type PathKind = 'segment' | 'manifest' | 'license' | 'api' | 'auth' | 'internal';
interface PathTemplate {
  readonly kind: PathKind;
  readonly method: Weighted<string>;
  readonly render: (r: SeededRandom) => string;
}

const titleId = (r: SeededRandom): string => `tt${r.int(100_000, 999_999)}`;
const CLIENT_PATHS: Weighted<PathTemplate> = [
  [
    {
      kind: 'segment',
      method: [['GET', 1]],
      render: (r) => `/vod/${titleId(r)}/hls/${r.pick(['1080p', '720p', '480p', '2160p'])}/seg-${r.int(1, 1800)}.ts`,
    },
    55,
  ],
  [{ kind: 'manifest', method: [['GET', 1]], render: (r) => `/vod/${titleId(r)}/hls/master.m3u8` }, 8],
  [{ kind: 'license', method: [['POST', 1]], render: () => '/drm/widevine/license' }, 4],
  [{ kind: 'api', method: [['GET', 1]], render: (r) => `/api/v2/catalog/titles/${titleId(r)}` }, 10],
  [{ kind: 'api', method: [['GET', 1]], render: () => '/api/v2/search' }, 5],
  [
    {
      kind: 'api',
      method: [
        ['GET', 3],
        ['PUT', 1],
      ],
      render: () => '/api/v2/me/watchlist',
    },
    5,
  ],
  [{ kind: 'api', method: [['POST', 1]], render: () => '/api/v2/playback/heartbeat' }, 9],
  [
    {
      kind: 'auth',
      method: [
        ['POST', 5],
        ['DELETE', 1],
      ],
      render: () => '/api/v2/auth/session',
    },
    3,
  ],
  [{ kind: 'api', method: [['HEAD', 1]], render: () => '/health' }, 1],
];
const SERVER_PATHS: Weighted<PathTemplate> = [
  [{ kind: 'internal', method: [['POST', 1]], render: () => '/internal/events/playback' }, 5],
  [{ kind: 'internal', method: [['POST', 1]], render: () => '/internal/billing/renewals' }, 1],
  [{ kind: 'internal', method: [['PUT', 1]], render: (r) => `/internal/recommendations/${titleId(r)}` }, 2],
  [{ kind: 'internal', method: [['GET', 1]], render: () => '/internal/config/feature-flags' }, 2],
];

const MEDIAN_LATENCY_MS: Record<PathKind, number> = { segment: 85, manifest: 55, license: 140, api: 45, auth: 120, internal: 25 };

interface Outcome {
  readonly status: number;
  readonly errorCode?: string;
  readonly severity?: AccessLogRecord['error_severity'];
}

const CLIENT_ERRORS: Weighted<Outcome> = [
  [{ status: 404, errorCode: 'NOT_FOUND', severity: 'warning' }, 40],
  [{ status: 401, errorCode: 'AUTH_TOKEN_EXPIRED', severity: 'warning' }, 25],
  [{ status: 403, errorCode: 'GEO_BLOCKED', severity: 'warning' }, 10],
  [{ status: 429, errorCode: 'RATE_LIMITED', severity: 'warning' }, 15],
  [{ status: 400, errorCode: 'BAD_REQUEST', severity: 'warning' }, 10],
];
const SERVER_ERRORS: Weighted<Outcome> = [
  [{ status: 500, errorCode: 'INTERNAL_ERROR', severity: 'error' }, 35],
  [{ status: 502, errorCode: 'UPSTREAM_BAD_GATEWAY', severity: 'error' }, 20],
  [{ status: 503, errorCode: 'SERVICE_UNAVAILABLE', severity: 'error' }, 20],
  [{ status: 504, errorCode: 'UPSTREAM_TIMEOUT', severity: 'error' }, 25],
];

/** Which path a critical code shows up on, so an outage looks like one. */
const CRITICAL_PATH: Record<string, PathKind> = {
  CDN_ORIGIN_UNREACHABLE: 'segment',
  CDN_EDGE_5XX: 'segment',
  PLAYBACK_MANIFEST_UNAVAILABLE: 'manifest',
  DRM_LICENSE_SERVER_DOWN: 'license',
  AUTH_SERVICE_UNAVAILABLE: 'auth',
};

function criticalOutcome(code: string): Outcome {
  return { status: code === 'CDN_ORIGIN_UNREACHABLE' ? 502 : 503, errorCode: code, severity: 'critical' };
}

function baselineOutcome(r: SeededRandom, kind: PathKind): Outcome {
  const x = r.next();
  if (x < BASELINE_CRITICAL_PROBABILITY) return criticalOutcome(r.pick(CRITICAL_ERROR_CODES));
  if (x < 0.006) return r.weighted(SERVER_ERRORS);
  if (x < 0.03) return r.weighted(CLIENT_ERRORS);
  if (x < 0.05 && kind !== 'license' && kind !== 'auth') return { status: 304 };
  if (kind === 'segment') return { status: r.chance(0.7) ? 206 : 200 };
  if (kind === 'auth' || kind === 'license' || kind === 'internal') return { status: r.chance(0.15) ? 201 : 200 };
  return { status: 200 };
}

/** Public-looking IPv4 (no private, loopback or multicast ranges) or IPv6 (no zero groups: already canonical). */
function clientIp(r: SeededRandom): string {
  if (r.chance(0.3)) {
    const prefix = r.pick(['2a02', '2600', '2409', '2804', '2001']);
    const groups = Array.from({ length: 7 }, () => r.int(1, 0xffff).toString(16));
    return [prefix, ...groups].join(':');
  }
  let first = r.int(1, 223);
  while (first === 10 || first === 127 || first === 100 || first === 172 || first === 192) first = r.int(1, 223);
  return `${first}.${r.int(0, 255)}.${r.int(0, 255)}.${r.int(1, 254)}`;
}

function bytesFor(r: SeededRandom, kind: PathKind, status: number): number {
  if (status === 304 || (status === 201 && kind === 'internal')) return 0;
  if (status >= 400) return r.int(120, 900);
  switch (kind) {
    case 'segment':
      return Math.round(r.logNormal(1_800_000, 0.5));
    case 'manifest':
      return r.int(1_500, 9_000);
    case 'license':
      return r.int(700, 2_400);
    default:
      return Math.round(r.logNormal(4_000, 0.9));
  }
}

function latencyFor(r: SeededRandom, kind: PathKind, outcome: Outcome): number {
  // Timeouts hit the gateway's 30 s budget; everything else has a log-normal long tail.
  if (outcome.status === 504) return r.int(30_000, 60_000);
  const median = MEDIAN_LATENCY_MS[kind] * (outcome.severity === 'critical' ? 20 : 1);
  return Math.min(600_000, Math.max(1, Math.round(r.logNormal(median, 0.9))));
}

function makeRecord(r: SeededRandom, timeMs: number, forced?: { region: Region; code: string }): AccessLogRecord {
  const device = forced ? r.weighted(CLIENT_DEVICE_WEIGHTS) : r.weighted(DEVICE_WEIGHTS);
  const server = device === 'server';
  let template = r.weighted(server ? SERVER_PATHS : CLIENT_PATHS);
  if (forced) {
    const kind = CRITICAL_PATH[forced.code] ?? 'segment';
    template = CLIENT_PATHS.map(([t]) => t).find((t) => t.kind === kind) ?? template;
  }
  const outcome = forced ? criticalOutcome(forced.code) : baselineOutcome(r, template.kind);
  const userId = !server && r.chance(0.75) ? `usr_${r.int(1, 60_000).toString(36).padStart(4, '0')}` : undefined;
  return {
    event_id: r.uuid(),
    access_time: new Date(timeMs).toISOString(),
    client_ip: server ? `10.${r.int(0, 255)}.${r.int(0, 255)}.${r.int(1, 254)}` : clientIp(r),
    device_type: device,
    ...(userId !== undefined ? { user_id: userId } : {}),
    http_method: r.weighted(template.method),
    request_path: template.render(r),
    status_code: outcome.status,
    latency_ms: latencyFor(r, template.kind, outcome),
    bytes_sent: bytesFor(r, template.kind, outcome.status),
    ...(outcome.errorCode !== undefined ? { error_code: outcome.errorCode } : {}),
    ...(outcome.severity !== undefined ? { error_severity: outcome.severity } : {}),
    region: forced ? forced.region : r.weighted(REGION_WEIGHTS),
  };
}

/**
 * Generates access events on a simulated clock: a diurnal curve over the span,
 * plus the requested scenarios, yielded lazily in event-time order (no global
 * sort: within each simulated minute the times are drawn in ascending order and
 * the baseline and outage streams are merged). Pure: the same options give the
 * same records, and iterating `records` again gives them again.
 */
export function streamAccessLogs(options: AccessLogGeneratorOptions): RecordStream<AccessLogRecord> {
  const durationMs = options.simulatedDurationMs ?? 3_600_000;
  const scenarios = options.scenarios ?? [];
  if (!Number.isInteger(options.count) || options.count < 0) {
    throw new InvalidProducerOptionError('count', `got ${options.count}; expected a non-negative integer`);
  }
  assertSpanFitsScenarios(durationMs, scenarios.length);
  const outageRegion = options.outageRegion ?? 'eu-west';
  if (!REGIONS.includes(outageRegion) || outageRegion === 'other') {
    throw new InvalidProducerOptionError(
      'outageRegion',
      `got '${String(outageRegion)}'; expected one of ${REGIONS.filter((x) => x !== 'other').join(', ')}`,
    );
  }
  const start = options.start ?? defaultStart(durationMs);
  const startMs = start.getTime();
  const endMs = startMs + durationMs;
  const minutes = Math.ceil(durationMs / MINUTE_MS);

  const windows: ScenarioWindow[] = [];
  const spike = scenarios.includes('spike') ? minuteWindow(start, Math.floor(minutes * 0.1), SCENARIO_SHAPE.spikeMinutes) : undefined;
  const outage = scenarios.includes('outage') ? minuteWindow(start, minutes - 10, SCENARIO_SHAPE.outageMinutes) : undefined;
  if (spike) windows.push({ scenario: 'spike', from: spike.from.toISOString(), to: spike.to.toISOString() });
  if (outage) windows.push({ scenario: 'outage', region: outageRegion, from: outage.from.toISOString(), to: outage.to.toISOString() });
  const inWindow = (w: { from: Date; to: Date } | undefined, t: number): boolean =>
    w !== undefined && t >= w.from.getTime() && t < w.to.getTime();

  // Per-minute plan: one small number per minute, whatever the record count.
  const spans = Array.from({ length: minutes }, (_, m) => {
    const from = startMs + m * MINUTE_MS;
    return { from, to: Math.min(from + MINUTE_MS, endMs) };
  });
  const baseline = allocate(
    options.count,
    spans.map((s) => diurnalFactor(new Date((s.from + s.to) / 2)) * (s.to - s.from)),
  );
  const plan = spans.map((span, m) => {
    const n = baseline[m] ?? 0;
    const regular = inWindow(spike, span.from) ? n * SCENARIO_SHAPE.spikeFactor : n;
    const burst = inWindow(outage, span.from) ? Math.max(SCENARIO_SHAPE.outageMinCriticalPerMinute, Math.ceil(0.25 * n)) : 0;
    return { ...span, regular, burst };
  });
  const planned = plan.reduce((sum, p) => sum + p.regular + p.burst, 0);

  function* records(): Generator<AccessLogRecord> {
    const r = new SeededRandom(options.seed);
    const times = new SeededRandom(deriveSeed(options.seed, 'access-log-times'));
    type Slot = { readonly timeMs: number; readonly forced: boolean };
    for (const p of plan) {
      const regular = (function* () {
        for (const timeMs of sortedUniformTimes(times, p.regular, p.from, p.to)) yield { timeMs, forced: false };
      })();
      const burst = (function* () {
        for (const timeMs of sortedUniformTimes(times, p.burst, p.from, p.to)) yield { timeMs, forced: true };
      })();
      for (const slot of mergeAscending<Slot>([regular, burst], (s) => s.timeMs)) {
        yield slot.forced
          ? makeRecord(r, slot.timeMs, { region: outageRegion, code: r.pick(CRITICAL_ERROR_CODES) })
          : makeRecord(r, slot.timeMs);
      }
    }
  }
  return { records: { [Symbol.iterator]: records }, planned, windows, start, end: new Date(endMs) };
}

/** `streamAccessLogs` collected into an array, for tests and small runs. */
export function generateAccessLogs(options: AccessLogGeneratorOptions): GeneratedRun<AccessLogRecord> {
  const stream = streamAccessLogs(options);
  return { records: [...stream.records], windows: stream.windows, start: stream.start, end: stream.end };
}
