import type { ShimEntry } from './compat-shim';

/**
 * What the stacks (pinned to hashicorp/aws 6.25) use that an older installed provider (the
 * machines' mirror holds 5.100) does not know. Applied to tf:check's scratch copies only, and
 * printed, so a reviewer sees what the engine did not check. An entry that no stack needs any
 * more, or that the installed provider already supports, fails the check: remove it then.
 */
export const SHIM_ENTRIES: readonly ShimEntry[] = [
  {
    resourceType: 'aws_kinesis_stream',
    attribute: 'max_record_size_in_kib',
    introducedIn: '6.20.0',
    action: { kind: 'drop' },
  },
  {
    resourceType: 'aws_lambda_function',
    attribute: 'runtime',
    value: 'nodejs24.x',
    introducedIn: '6.19.0',
    action: { kind: 'map', to: 'nodejs22.x' },
  },
];
