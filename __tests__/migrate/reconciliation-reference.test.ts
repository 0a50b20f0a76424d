import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DatasetDeclaration } from '../../datasets/dataset';
import { reconciliationViewName } from '../../datasets/naming';
import { DATASETS } from '../../datasets/registry';
import { applyMigrations, createLocalEngine } from '../../migrate/index';
import { findEnvironment } from '../../config/environment-lookup';
import { generateFromSchema } from '../../producers/schema-generator';
import { SeededRandom } from '../../producers/seeded-random';
import { writeLakeBatch } from './pipeline-lake';

/**
 * Each dataset's reconciliation view (V5, V6) against a simple reference: per UTC date
 * of the event time, the records sent (raw) and the records the processor accepted
 * (processed), counted in plain TypeScript from what the test sent. Event times in every
 * form producers use (ISO-8601 with Z or with an offset that moves the date, epoch
 * milliseconds as a number) and two the processor quarantines: epoch milliseconds as
 * text (the raw view still reads it as a time, so it counts in its date's gap) and text
 * that is no time (raw under event date NULL); over two arrival dates, for three seeds.
 */
const env = findEnvironment('dev');
const DAY = 86_400_000;
const START = Date.UTC(2026, 10, 30, 20, 0);
/** Events from 20:00 on Nov 30 to 04:00 on Dec 1; the first batch arrives at 22:30 (dt Nov 30), the second at 04:30 (dt Dec 1). */
const SPAN = 8 * 3_600_000;
const FIRST_ARRIVAL = Date.UTC(2026, 10, 30, 22, 30);
const SECOND_ARRIVAL = START + SPAN + 30 * 60_000;

interface Sent {
  readonly record: Record<string, unknown>;
  /** The event time, or null when the test spoilt it. */
  readonly eventMs: number | null;
  /** Whether the processor accepts the record (the generator's records are valid but for the time's form). */
  readonly accepted: boolean;
}

/** The event time as ISO text with the given offset in minutes (local = UTC + offset). */
function isoWithOffset(ms: number, offsetMinutes: number): string {
  const local = new Date(ms + offsetMinutes * 60_000).toISOString().slice(0, 19);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

function sentRecords(dataset: DatasetDeclaration, seed: number): Sent[] {
  const r = new SeededRandom(seed);
  const run = generateFromSchema(dataset, { seed, count: 150, start: new Date(START), simulatedDurationMs: SPAN });
  return run.records.map((generated) => {
    const eventMs = Date.parse(String(generated[dataset.eventTimeField]));
    const form = r.int(0, 5);
    const time = [
      new Date(eventMs).toISOString(),
      isoWithOffset(eventMs, 330),
      isoWithOffset(eventMs, -300),
      eventMs,
      String(eventMs),
      'not-a-time',
    ][form];
    return { record: { ...generated, [dataset.eventTimeField]: time }, eventMs: form === 5 ? null : eventMs, accepted: form < 4 };
  });
}

/** `day raw processed gap` per UTC event date, the NULL date as `null`, sorted. */
function reference(sent: readonly Sent[]): string[] {
  const byDay = new Map<string, { raw: number; processed: number }>();
  for (const s of sent) {
    const day = s.eventMs === null ? 'null' : new Date(Math.floor(s.eventMs / DAY) * DAY).toISOString().slice(0, 10);
    const counts = byDay.get(day) ?? { raw: 0, processed: 0 };
    byDay.set(day, { raw: counts.raw + 1, processed: counts.processed + (s.accepted ? 1 : 0) });
  }
  return [...byDay].map(([day, c]) => `${day} ${c.raw} ${c.processed} ${c.raw - c.processed}`).sort();
}

describe.each(DATASETS.flatMap((d) => [1, 2, 3].map((seed) => [d.name, seed, d] as const)))(
  '%s reconciliation view, seed %d',
  (_name, seed, dataset) => {
    let dataDir = '';
    afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

    it('counts raw and processed records per UTC event date as the reference does', async () => {
      // Prepare
      dataDir = mkdtempSync(join(tmpdir(), 'reconciliation-reference-'));
      const sent = sentRecords(dataset, seed);
      const first = sent.filter((s) => s.eventMs !== null && s.eventMs < FIRST_ARRIVAL - 10 * 60_000);
      const second = sent.filter((s) => !first.includes(s));
      await writeLakeBatch(dataDir, env, { dataset, records: first.map((s) => s.record), arrival: new Date(FIRST_ARRIVAL) }, 'first');
      await writeLakeBatch(dataDir, env, { dataset, records: second.map((s) => s.record), arrival: new Date(SECOND_ARRIVAL) }, 'second');
      const engine = await createLocalEngine({ dataDir, env });

      // Act
      let rows: Record<string, unknown>[];
      try {
        await applyMigrations(engine);
        rows = (await engine.query(
          `SELECT CAST(event_date AS varchar) AS day, raw_records, processed_records, quarantined_or_lost FROM ${reconciliationViewName(dataset)}`,
        )) as Record<string, unknown>[];
      } finally {
        await engine.close();
      }

      // Assess
      expect(sent.some((s) => s.eventMs === null)).toBe(true);
      expect(sent.some((s) => s.eventMs !== null && !s.accepted)).toBe(true);
      expect(
        rows
          .map(
            (row) =>
              `${String(row.day ?? 'null')} ${Number(row.raw_records)} ${Number(row.processed_records)} ${Number(row.quarantined_or_lost)}`,
          )
          .sort(),
      ).toEqual(reference(sent));
    }, 60_000);
  },
);
