import { readFileSync } from 'node:fs';
import { bucketName } from '../../config/resource-names';
import { ENVIRONMENTS } from '../../config/environments';
import { LocalLake } from '../../local/local-lake';
import { runLocal } from '../../local/run-local';
import { removeRunDirs, smallRunOptions } from './factories';

const dev = ENVIRONMENTS[0];

describe('Function: runLocal with a failing downstream', () => {
  afterAll(removeRunDirs);

  it('loses nothing when the processed Firehose fails for a while: retries from the checkpoint deliver every record', async () => {
    // Prepare: the processed Firehose refuses every call for 5 simulated seconds, 30 minutes in.
    // The run is deterministic (fixed seed and wall clock); with 6,000 records calls are close
    // enough together that this window catches some (with the streamed generator's event times,
    // the old 600-record run had none in flight at minute 20).
    const options = smallRunOptions({ count: 6000, firehoseOutage: { fromMinute: 30, seconds: 5 } });
    // Act
    const result = await runLocal(options);
    // Assess
    const retried = result.datasets.reduce((n, d) => n + d.poller.retries, 0);
    const partial = result.datasets.reduce((n, d) => n + d.poller.partialFailures, 0);
    expect(retried).toBeGreaterThan(0);
    expect(partial).toBeGreaterThan(0);
    for (const d of result.datasets) {
      expect(d.failed).toBe(0);
      expect(d.lake.processed + d.lake.quarantined).toBe(d.produced);
    }
    expect(result.ok).toBe(true);
    // A short outage heals within the retries: no pipeline-health alarm.
    expect(result.health.alerts).toEqual([]);
  });

  it('after the bounded retries sends the records to the failure destination, with the records, and fails the check', async () => {
    // Prepare: an outage longer than the retry budget (5 retries in dev).
    const options = smallRunOptions({ firehoseOutage: { fromMinute: 20, seconds: 120 } });
    // Act
    const result = await runLocal(options);
    // Assess: the run reports the failure and exits non-zero through `ok`
    expect(result.ok).toBe(false);
    const failed = result.datasets.reduce((n, d) => n + d.failed, 0);
    expect(failed).toBeGreaterThan(0);
    expect(result.failures.join('\n')).toMatch(/produced \d+ != processed \d+ \+ quarantined \d+ \(failed to destination: \d+\)/);
    // Assess: nothing vanished, the failed records are in the on-failure destination
    for (const d of result.datasets) expect(d.lake.processed + d.lake.quarantined + d.failed).toBe(d.produced);
    const lake = new LocalLake(result.files.dataDir);
    const keys = await lake.listKeys(bucketName(dev, 'quarantine'), 'aws/lambda/');
    expect(keys.length).toBeGreaterThan(0);
    let records = 0;
    for (const key of keys) {
      expect(key).toMatch(
        /^aws\/lambda\/[0-9a-f-]{36}\/shardId-\d+\/\d{4}\/\d{2}\/\d{2}\/\d{4}-\d{2}-\d{2}T\d{2}\.\d{2}\.\d{2}-[0-9a-f-]{36}$/,
      );
      const body = JSON.parse(readFileSync(lake.objectPath(bucketName(dev, 'quarantine'), key), 'utf8')) as {
        requestContext: { condition: string };
        KinesisBatchInfo: { batchSize: number };
        payload: string;
      };
      expect(body.requestContext.condition).toBe('RetryAttemptsExhausted');
      const payload = JSON.parse(body.payload) as { Records: unknown[] };
      expect(payload.Records).toHaveLength(body.KinesisBatchInfo.batchSize);
      records += payload.Records.length;
    }
    expect(records).toBe(failed);
    // The outage raises the failure-destination health alarm (it used to fail the run silently).
    expect(result.health.alerts.map((a) => a.key)).toEqual(['failure-destination']);
    expect(result.health.evaluations.find((e) => e.key === 'access-logs/processed-delivery-failures')?.breachingPeriods).toBeGreaterThan(0);
  });
});
