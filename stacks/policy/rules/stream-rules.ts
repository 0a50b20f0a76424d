import { perResource, type PolicyRule } from '../policy-rule';
import { block } from '../terraform-model';

/** Stream (Kinesis, DynamoDB) mappings: the only ones with positions, retries and record age. */
function isStreamMapping(attrs: Readonly<Record<string, unknown>>): boolean {
  return attrs.starting_position !== undefined;
}

export const esmFailureDestination = perResource(
  'ESM-FAILURE-DESTINATION',
  'Stream event source mappings send failed batches to a destination',
  'aws_lambda_event_source_mapping',
  (esm) => {
    if (!isStreamMapping(esm.attrs)) return null;
    const destination = block(block(esm.attrs, 'destination_config'), 'on_failure')?.destination_arn;
    return typeof destination === 'string' && destination !== ''
      ? null
      : 'mapping has no destination_config.on_failure: failed batches are lost';
  },
);

export const esmBoundedRetries = perResource(
  'ESM-BOUNDED-RETRIES',
  'Stream event source mappings bound retries and record age',
  'aws_lambda_event_source_mapping',
  (esm) => {
    if (!isStreamMapping(esm.attrs)) return null;
    const unbounded = (['maximum_retry_attempts', 'maximum_record_age_in_seconds'] as const).filter((key) => {
      const value = esm.attrs[key];
      // Absent means the AWS default -1: infinite, one poison record blocks the shard.
      return value === undefined || value === -1;
    });
    return unbounded.length === 0 ? null : `${unbounded.join(' and ')} unset or -1 (infinite)`;
  },
);

export const STREAM_RULES: readonly PolicyRule[] = [esmFailureDestination, esmBoundedRetries];
