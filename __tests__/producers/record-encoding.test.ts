import { encodeRecord, partitionKeyFor } from '../../producers/record-encoding';

/**
 * The producer's record id (what a failed send is reported by) and, without a
 * partition-key field, its partition key come from the dataset's declared event-id
 * field: a dataset whose id field is not called `event_id` keeps its ids.
 */
const heartbeats = { eventIdField: 'beat_id', partitionKeyField: undefined };
const record = (extra: object = {}): object => ({
  beat_id: '0b8e4f0c-2f7e-4d4a-9a3e-1c2d3e4f5a6b',
  beat_time: '2026-12-01T00:00:00Z',
  ...extra,
});

describe('Function: encodeRecord', () => {
  it("uses the declared event-id field as the record's id and partition key", () => {
    // Act
    const out = encodeRecord(heartbeats, record({ event_id: 'not-the-id' }));

    // Assess
    expect(out.id).toBe('0b8e4f0c-2f7e-4d4a-9a3e-1c2d3e4f5a6b');
    expect(out.partitionKey).toBe('0b8e4f0c-2f7e-4d4a-9a3e-1c2d3e4f5a6b');
    expect(JSON.parse(Buffer.from(out.data).toString('utf8'))).toEqual(record({ event_id: 'not-the-id' }));
  });

  it('keeps the partition-key field as the key and still ids the record by its event id', () => {
    // Act
    const out = encodeRecord({ eventIdField: 'beat_id', partitionKeyField: 'player_id' }, record({ player_id: 'p-1' }));

    // Assess
    expect(out).toMatchObject({ id: '0b8e4f0c-2f7e-4d4a-9a3e-1c2d3e4f5a6b', partitionKey: 'p-1' });
  });

  it('without a declared event-id field, draws a random partition key and ids the record by it', () => {
    // Act
    const out = encodeRecord({ eventIdField: undefined, partitionKeyField: undefined }, record());

    // Assess
    expect(out.partitionKey).toMatch(/^[0-9a-f-]{36}$/);
    expect(out.partitionKey).not.toBe('0b8e4f0c-2f7e-4d4a-9a3e-1c2d3e4f5a6b');
    expect(out.id).toBe(out.partitionKey);
  });
});

describe('Function: partitionKeyFor', () => {
  it('refuses a record without its partition-key value', () => {
    expect(() => partitionKeyFor({ eventIdField: 'beat_id', partitionKeyField: 'player_id' }, record())).toThrow(
      'player_id: got undefined; expected a non-empty string to use as the partition key',
    );
  });
});
