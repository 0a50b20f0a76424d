import { accessLogs } from '../../datasets/access-logs';
import type { AccessLogRecord } from '../../producers/access-log-generator';
import type { TurbineReading } from '../../producers/turbine-simulator';

/**
 * Producer record types are derived from the declarations (issue 19), not written by
 * hand. The `@ts-expect-error` lines are the proof: `npm run typecheck` fails if any of
 * them stops being an error (a field the declaration lacks, a value outside its enum, a
 * wrong column type), so this file is checked by the compiler, not only by jest.
 */
const access: AccessLogRecord = {
  event_id: '6f1c7a52-9b8e-4c3d-a1f0-123456789abc',
  access_time: '2026-11-24T10:00:00.000Z',
  client_ip: '192.0.2.1',
  device_type: 'web',
  http_method: 'GET',
  request_path: '/',
  status_code: 200,
  latency_ms: 12,
  bytes_sent: 512,
  region: 'eu-west',
};

// @ts-expect-error a key the declaration does not have
const misspelt: AccessLogRecord = { ...access, status_cod: 200 };
// @ts-expect-error a device type outside the declared enum
const unknownDevice: AccessLogRecord = { ...access, device_type: 'fridge' };
// @ts-expect-error an int column takes a number
const textStatus: AccessLogRecord = { ...access, status_code: '200' };
// @ts-expect-error a required field (turbine_id) is missing
const noTurbine: TurbineReading = {
  event_id: 'x',
  reading_time: 't',
  wind_speed_ms: 1,
  rotor_rpm: 1,
  power_output_kw: 1,
  nacelle_temp_c: 1,
  vibration_mm_s: 1,
  status: 'ok',
};

describe('Producer record types', () => {
  it('carry exactly the declared fields of a valid record', () => {
    const declared = accessLogs.fields.map((f) => f.name);
    expect(Object.keys(access).every((k) => declared.includes(k))).toBe(true);
    expect([misspelt, unknownDevice, textStatus, noTurbine]).toHaveLength(4);
  });
});
