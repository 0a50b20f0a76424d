import { defineDataset, type Row } from './define-dataset';

/** Error codes that mean viewers cannot watch: an outage, not a client mistake. */
export const CRITICAL_ERROR_CODES: readonly string[] = [
  'CDN_ORIGIN_UNREACHABLE',
  'CDN_EDGE_5XX',
  'PLAYBACK_MANIFEST_UNAVAILABLE',
  'DRM_LICENSE_SERVER_DOWN',
  'AUTH_SERVICE_UNAVAILABLE',
];

/** Error codes the services are known to send; any other code is published in metrics as `other`. */
export const KNOWN_ERROR_CODES: readonly string[] = [
  ...CRITICAL_ERROR_CODES,
  'NOT_FOUND',
  'AUTH_TOKEN_EXPIRED',
  'GEO_BLOCKED',
  'RATE_LIMITED',
  'BAD_REQUEST',
  'INTERNAL_ERROR',
  'UPSTREAM_BAD_GATEWAY',
  'SERVICE_UNAVAILABLE',
  'UPSTREAM_TIMEOUT',
];

export const DEVICE_TYPES = ['web', 'mobile', 'smart_tv', 'console', 'tablet', 'server', 'other'] as const;
export const REGIONS = ['us-east', 'us-west', 'sa-east', 'eu-west', 'eu-central', 'ap-south', 'ap-northeast', 'other'] as const;
export const SEVERITIES = ['info', 'warning', 'error', 'critical'] as const;

function statusClass(status: number): string {
  return `${Math.floor(status / 100)}xx`;
}

/** Effective severity: the producer's, raised by what the status and error code say. */
function effectiveSeverity(record: Row<'status_code' | 'error_code' | 'error_severity'>): (typeof SEVERITIES)[number] {
  const status = Number(record.status_code);
  const code = typeof record.error_code === 'string' ? record.error_code : null;
  if (record.error_severity === 'critical' || (code !== null && CRITICAL_ERROR_CODES.includes(code))) return 'critical';
  if (status >= 500 || record.error_severity === 'error') return 'error';
  if (status >= 400 || record.error_severity === 'warning') return 'warning';
  return 'info';
}

export const accessLogs = defineDataset({
  name: 'access-logs',
  description: 'Access events of the video-streaming service from web, mobile, smart-TV, console and tablet apps and from servers.',
  fields: [
    {
      name: 'event_id',
      type: 'string',
      required: false,
      format: 'uuid',
      description: 'Producer-assigned UUID; stable across producer retries.',
    },
    {
      name: 'access_time',
      type: 'timestamp',
      description: 'When the access happened (ISO-8601 or epoch milliseconds on input; ISO-8601 UTC after processing).',
    },
    { name: 'client_ip', type: 'string', format: 'ip', description: 'User IP, v4 or v6, canonical form.' },
    { name: 'device_type', type: 'string', enum: DEVICE_TYPES, description: 'Client kind; unknown kinds become "other".' },
    { name: 'user_id', type: 'string', required: false, maxLength: 128, description: 'Pseudonymous account id, when signed in.' },
    { name: 'http_method', type: 'string', maxLength: 16, description: 'HTTP method of the request.' },
    { name: 'request_path', type: 'string', maxLength: 2048, description: 'Request path without the query string.' },
    { name: 'status_code', type: 'int', min: 100, max: 599, description: 'HTTP status returned.' },
    { name: 'latency_ms', type: 'int', min: 0, max: 600_000, description: 'Time to last byte, milliseconds.' },
    { name: 'bytes_sent', type: 'bigint', min: 0, max: 1e12, description: 'Response body size in bytes.' },
    { name: 'error_code', type: 'string', required: false, maxLength: 64, description: 'Service error code, when the request failed.' },
    {
      name: 'error_severity',
      type: 'string',
      required: false,
      enum: [...SEVERITIES, 'other'],
      description: 'Severity the producer assigned to the error.',
    },
    { name: 'region', type: 'string', enum: REGIONS, description: 'Serving region of the request; unknown regions become "other".' },
  ],
  eventTimeField: 'access_time',
  eventIdField: 'event_id',
  derivedFields: [
    { name: 'status_class', type: 'string', description: 'Status family: 1xx..5xx.' },
    { name: 'is_error', type: 'boolean', description: 'Status >= 400 or an error code is set.' },
    {
      name: 'severity',
      type: 'string',
      enum: SEVERITIES,
      description: 'Effective severity from producer severity, error code and status.',
    },
  ],
  enrich: (record) => {
    const status = Number(record.status_code);
    return {
      status_class: statusClass(status),
      is_error: status >= 400 || (typeof record.error_code === 'string' && record.error_code.length > 0),
      severity: effectiveSeverity(record),
    };
  },
  detectCritical: (record) => {
    if (record.severity !== 'critical') return null;
    return typeof record.error_code === 'string' ? `critical error code ${record.error_code}` : 'critical severity';
  },
  // Ten server errors within a minute are an outage even when each one alone is not critical.
  burstRule: { label: '5xx burst', matches: (record) => record.status_class === '5xx', threshold: 10, windowMs: 60_000 },
  metrics: [
    { name: 'Requests', unit: 'Count', dimensions: { DeviceType: (r) => String(r.device_type), Region: (r) => String(r.region) } },
    { name: 'LatencyMs', unit: 'Milliseconds', value: (r) => Number(r.latency_ms) },
    {
      name: 'Errors',
      unit: 'Count',
      when: (r) => r.is_error === true,
      dimensions: {
        ErrorCode: (r) => (typeof r.error_code === 'string' ? r.error_code : String(r.status_class)),
        Severity: (r) => String(r.severity),
      },
    },
  ],
  dimensionValues: {
    DeviceType: DEVICE_TYPES,
    Region: REGIONS,
    // An error without a code is published by status class.
    ErrorCode: [...KNOWN_ERROR_CODES, '4xx', '5xx', 'other'],
    Severity: [...SEVERITIES, 'other'],
  },
  retention: {
    streamHours: 48,
    rawGlacierAfterDays: 90,
    rawExpireAfterDays: 365,
    processedExpireAfterDays: 400,
    quarantineExpireAfterDays: 30,
  },
  alarms: [
    {
      kind: 'threshold',
      id: 'critical-errors',
      metric: 'CriticalErrors',
      statistic: 'Sum',
      periodSeconds: 60,
      evaluationPeriods: 2,
      datapointsToAlarm: 2,
      comparison: 'GreaterThanOrEqualToThreshold',
      threshold: 20,
      reason:
        'Outage signal: at normal traffic critical codes appear a few times an hour; 20 a minute for 2 consecutive minutes means viewers in a region cannot play, and two minutes filters a single flapping edge.',
    },
    {
      kind: 'anomaly',
      id: 'usage-spike',
      metric: 'Requests',
      statistic: 'Sum',
      periodSeconds: 300,
      evaluationPeriods: 2,
      datapointsToAlarm: 2,
      bandWidth: 2,
      reason:
        'Unexpected usage spike: traffic follows a daily curve, so a static threshold is either noisy at peak or blind at night; a band of 2 standard deviations learned per time of day, breached for 10 minutes, catches spikes the curve does not explain.',
    },
    {
      kind: 'threshold',
      id: 'latency-p99',
      metric: 'LatencyMs',
      statistic: 'p99',
      periodSeconds: 300,
      evaluationPeriods: 3,
      comparison: 'GreaterThanThreshold',
      threshold: 4000,
      reason:
        'Playback stalls once segment fetches take over ~4 s (the player buffer); p99 above that for 15 minutes is a degraded service, not a slow client.',
    },
  ],
});
