import { z } from 'zod';
import { ExitCode } from '../cli/exit-codes';
import { GITHUB_REPOSITORY } from './ci';
import { placeholderProblems } from './placeholders';
import { AWS_REGIONS } from './regions';

/**
 * Typed, validated environment configuration. `main.ts` builds one stack per
 * entry; `parseEnvironments` runs at synth and fails with one message that names
 * the field and says what was expected.
 */

const positiveInt = z.number().int().positive();

const backendSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('local') }).strict(),
  z
    .object({
      kind: z.literal('s3'),
      /**
       * State bucket created by the bootstrap stack. No dots: the state key's alias is
       * `alias/<bucket>-state`, and both KMS and Terraform's `kms_key_id` check
       * (`alias/[a-zA-Z0-9/_-]+`) reject a dot in an alias.
       */
      bucket: z
        .string()
        .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'a valid S3 bucket name')
        .regex(/^[^.]*$/, 'no dots: the state key alias alias/<bucket>-state must be a valid KMS alias'),
      /** @default `<environment name>/terraform.tfstate` */
      key: z.string().min(1).optional(),
    })
    .strict(),
]);

const streamSchema = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('ON_DEMAND') }).strict(),
  z.object({ mode: z.literal('PROVISIONED'), shardCount: positiveInt.max(500) }).strict(),
]);

export const environmentSchema = z
  .object({
    /** Short name: `dev`, `prod`. Used for the stack name. */
    name: z.string().regex(/^[a-z][a-z0-9]{1,11}$/, 'lower-case letters and digits, 2-12 characters, starting with a letter'),
    /** Prefix of every resource name; unique across environments. */
    namePrefix: z.string().regex(/^[a-z][a-z0-9-]{1,18}[a-z0-9]$/, 'lower-case letters, digits and dashes, 3-20 characters'),
    /** Target account; used for globally unique bucket names and `aws:SourceAccount` conditions. */
    accountId: z.string().regex(/^\d{12}$/, 'a 12-digit AWS account id'),
    region: z.enum(AWS_REGIONS, { error: (issue) => `unknown region '${String(issue.input)}'; expected an AWS region such as us-east-1` }),
    /** `prod` must name at least one address: alarms without a recipient are silent. */
    alertEmails: z.array(z.email('an e-mail address')).max(20),
    /** Whether this is a production environment (stricter validation, deletion protection). */
    production: z.boolean(),
    /**
     * The values are real and the environment may be deployed: synth then refuses any
     * placeholder left (config/placeholders.ts), one message per field. @default false
     */
    deployable: z.boolean().default(false),
    backend: backendSchema,
    stream: streamSchema,
    /**
     * Overrides of the dataset declarations' stream retention, in hours (24..8760).
     * @default each declaration's `retention.streamHours`
     */
    streamRetentionHours: z
      .record(z.string(), z.number().int().min(24, 'at least 24 hours').max(8760, 'at most 8760 hours (365 days)'))
      .default({}),
    processor: z
      .object({
        /** Records per invocation (Kinesis ESM allows 1..10000). */
        batchSize: positiveInt.max(10_000, 'at most 10000 (Kinesis event source mapping limit)'),
        /** Concurrent batches per shard (1..10). */
        parallelizationFactor: positiveInt.max(10, 'at most 10'),
        /**
         * Read through an enhanced fan-out consumer: the processor gets its own 2 MB/s per
         * shard instead of sharing the shard's read throughput (and 5 reads/s) with the raw
         * Firehose, and records arrive by push (~70 ms) instead of by polling. Billed per
         * consumer-shard hour. @default false
         */
        enhancedFanOut: z.boolean().default(false),
        /** Seconds to gather a batch (0..300). */
        maximumBatchingWindowSeconds: z.number().int().min(0).max(300, 'at most 300 seconds'),
        /** Retries of a failing batch before it goes to the failure destination (0..10000). */
        maximumRetryAttempts: z.number().int().min(0).max(10_000),
        /** Records older than this skip to the failure destination (60..604800). */
        maximumRecordAgeSeconds: z.number().int().min(60, 'at least 60 seconds').max(604_800, 'at most 604800 seconds (7 days)'),
        memoryMb: z.number().int().min(128).max(10_240),
        timeoutSeconds: z.number().int().min(3).max(900),
        /** Event times further than this in the future are quarantined. */
        maxFutureSkewSeconds: z.number().int().min(0).max(86_400),
        logRetentionDays: z.union(
          [
            z.literal(1),
            z.literal(3),
            z.literal(5),
            z.literal(7),
            z.literal(14),
            z.literal(30),
            z.literal(60),
            z.literal(90),
            z.literal(180),
            z.literal(365),
          ],
          {
            error: 'one of the CloudWatch Logs retention values 1, 3, 5, 7, 14, 30, 60, 90, 180, 365',
          },
        ),
      })
      .strict(),
    storage: z
      .object({
        /** Non-current object versions are deleted after this many days. */
        noncurrentVersionExpirationDays: positiveInt.max(365),
        /** Server access logs and Athena results expire after this many days. */
        logExpirationDays: positiveInt.max(3650),
        athenaResultsExpirationDays: positiveInt.max(365),
        /** Delete buckets with their objects on destroy (never in production). */
        forceDestroy: z.boolean(),
      })
      .strict(),
    athena: z.object({ bytesScannedCutoffPerQuery: z.number().int().min(10_485_760, 'at least 10 MiB (Athena minimum)') }).strict(),
    glue: z
      .object({
        /** Crawler schedule, a Glue cron expression. */
        crawlerSchedule: z.string().regex(/^cron\(.+\)$/, 'a Glue cron expression like cron(0 * * * ? *)'),
        /** Compaction job schedule, a Glue cron expression. */
        jobSchedule: z.string().regex(/^cron\(.+\)$/, 'a Glue cron expression like cron(15 2 * * ? *)'),
      })
      .strict(),
    opensearch: z
      .object({
        enabled: z.boolean(),
        instanceType: z.string().regex(/^[a-z0-9]+\.[a-z0-9]+\.search$/, 'an OpenSearch instance type like t3.small.search'),
        /** Data nodes. With zoneCount 3 a multiple of 3, with zoneCount 2 a multiple of 2. */
        instanceCount: positiveInt.max(80),
        /** Availability zones the data nodes spread over (1 = no zone awareness). @default 1 */
        zoneCount: z.union([z.literal(1), z.literal(2), z.literal(3)], { error: 'one of 1, 2, 3 (OpenSearch zone awareness)' }).default(1),
        /**
         * Instance type of the dedicated master nodes, e.g. `m6g.large.search`. Set with
         * `dedicatedMasterCount`; a production domain needs them, so that losing a data node
         * never leaves the cluster without an elected master. @default no dedicated masters
         */
        dedicatedMasterType: z
          .string()
          .regex(/^[a-z0-9]+\.[a-z0-9]+\.search$/, 'an OpenSearch instance type like m6g.large.search')
          .optional(),
        /** 3 or 5: an odd quorum that survives the loss of one (or two) masters. @default none */
        dedicatedMasterCount: z
          .union([z.literal(3), z.literal(5)], { error: '3 or 5 (an odd number of masters keeps a quorum)' })
          .optional(),
        volumeSizeGb: positiveInt.max(16_384),
        /** Daily indices are deleted after this many days (ISM policy). */
        indexRetentionDays: positiveInt.max(3650),
        /**
         * IAM role that is the domain's fine-grained-access-control master user
         * (`master_user_arn`): no internal users, no password anywhere. Operators assume
         * it to run `npm run bootstrap:opensearch`. Required when `enabled`; the role must
         * be in this environment's account.
         */
        masterUserArn: z
          .string()
          .regex(
            /^arn:aws:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/,
            'an IAM role ARN such as arn:aws:iam::123456789012:role/opensearch-admin',
          )
          .optional(),
      })
      .strict(),
    quicksight: z
      .object({
        /** Needs a QuickSight account subscription; off by default. */
        enabled: z.boolean(),
        /** ARN of the QuickSight user or group that owns the data source, dataset and dashboard. */
        principalArn: z.string().startsWith('arn:aws:quicksight:').optional(),
      })
      .strict(),
  })
  .strict()
  .superRefine((env, ctx) => {
    if (env.production && env.alertEmails.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['alertEmails'], message: 'a production environment needs at least one alert e-mail address' });
    }
    if (env.production && env.backend.kind !== 's3') {
      ctx.addIssue({
        code: 'custom',
        path: ['backend', 'kind'],
        message: "a production environment needs the 's3' backend (shared, locked state)",
      });
    }
    if (env.deployable && env.backend.kind !== 's3') {
      ctx.addIssue({
        code: 'custom',
        path: ['backend', 'kind'],
        message: "a deployable environment needs the 's3' backend: local state is seen by no one else and is planned as a full create",
      });
    }
    if (env.production && env.storage.forceDestroy) {
      ctx.addIssue({ code: 'custom', path: ['storage', 'forceDestroy'], message: 'must be false in a production environment' });
    }
    if (env.quicksight.enabled && !env.quicksight.principalArn) {
      ctx.addIssue({ code: 'custom', path: ['quicksight', 'principalArn'], message: 'required when quicksight.enabled is true' });
    }
    const search = env.opensearch;
    if (search.enabled && search.masterUserArn === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['opensearch', 'masterUserArn'],
        message: 'required when opensearch.enabled is true (the IAM role that administers the domain)',
      });
    }
    if (search.masterUserArn !== undefined && search.masterUserArn.split(':')[4] !== env.accountId) {
      ctx.addIssue({
        code: 'custom',
        path: ['opensearch', 'masterUserArn'],
        message: `must be a role of this environment's account ${env.accountId}`,
      });
    }
    if (search.instanceCount % search.zoneCount !== 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['opensearch', 'instanceCount'],
        message: `${search.instanceCount} data nodes cannot spread evenly over ${search.zoneCount} zones; expected a multiple of ${search.zoneCount}`,
      });
    }
    if ((search.dedicatedMasterType === undefined) !== (search.dedicatedMasterCount === undefined)) {
      const missing = search.dedicatedMasterType === undefined ? 'dedicatedMasterType' : 'dedicatedMasterCount';
      ctx.addIssue({
        code: 'custom',
        path: ['opensearch', missing],
        message: 'dedicatedMasterType and dedicatedMasterCount are set together',
      });
    }
    if (env.production && search.enabled && search.dedicatedMasterCount === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['opensearch', 'dedicatedMasterCount'],
        message:
          'a production domain needs dedicated masters (3 or 5), so that losing a data node never leaves it without an elected master',
      });
    }
    if (env.processor.maximumRecordAgeSeconds < env.processor.maximumBatchingWindowSeconds) {
      ctx.addIssue({
        code: 'custom',
        path: ['processor', 'maximumRecordAgeSeconds'],
        message: 'must be at least processor.maximumBatchingWindowSeconds',
      });
    }
  });

export type EnvironmentConfig = z.output<typeof environmentSchema>;
export type EnvironmentInput = z.input<typeof environmentSchema>;

/**
 * A configuration error: one message naming every offending field and what was
 * expected (one line for one problem; a count and one line per problem for more),
 * so a user fixes them all in one go. Validation refused the config: exit 3.
 */
export class EnvironmentConfigError extends Error {
  readonly exitCode = ExitCode.Refused;
  readonly problems: readonly string[];
  constructor(problems: string | readonly string[], options?: { cause?: unknown }) {
    const list = typeof problems === 'string' ? [problems] : problems;
    super(
      list.length === 1 ? (list[0] ?? '') : `${list.length} configuration problems:\n${list.map((p) => `  - ${p}`).join('\n')}`,
      options,
    );
    this.name = 'EnvironmentConfigError';
    this.problems = list;
  }
}

function fieldPath(path: readonly PropertyKey[]): string {
  return path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('');
}

export interface ParseOptions {
  /** The repository the plan role trusts; a deployable environment refuses the placeholder. @default GITHUB_REPOSITORY */
  readonly githubRepository?: string;
}

/**
 * Validates every environment and the constraints between them. Throws one
 * `EnvironmentConfigError` listing every problem, each naming its field, e.g.
 * `environments[1].region: unknown region 'mars-1'; expected an AWS region such as us-east-1`.
 */
export function parseEnvironments(
  inputs: readonly unknown[],
  knownDatasets: readonly string[],
  options: ParseOptions = {},
): EnvironmentConfig[] {
  const parsed: { index: number; env: EnvironmentConfig }[] = [];
  const problems: string[] = [];
  let firstCause: unknown;
  inputs.forEach((input, index) => {
    const result = environmentSchema.safeParse(input);
    if (!result.success) {
      firstCause ??= result.error;
      for (const issue of result.error.issues) problems.push(`environments[${index}]${fieldPath(issue.path)}: ${issue.message}`);
      return;
    }
    for (const dataset of Object.keys(result.data.streamRetentionHours)) {
      if (!knownDatasets.includes(dataset)) {
        problems.push(
          `environments[${index}].streamRetentionHours.${dataset}: unknown dataset; expected one of ${knownDatasets.join(', ')}`,
        );
      }
    }
    if (result.data.deployable) {
      const placeholders = placeholderProblems(result.data, `environments[${index}]`, options.githubRepository ?? GITHUB_REPOSITORY);
      if (placeholders.length > 0) {
        problems.push(
          `environments[${index}] (${result.data.name}) is deployable but still holds ${placeholders.length} placeholder(s); replace them (docs/deploy.md) or set deployable: false:\n  ${placeholders.join('\n  ')}`,
        );
      }
    }
    parsed.push({ index, env: result.data });
  });
  const seen = new Map<string, number>();
  for (const { index, env } of parsed) {
    for (const [key, value] of [
      ['name', env.name],
      ['namePrefix', env.namePrefix],
    ] as const) {
      const previous = seen.get(`${key}:${value}`);
      if (previous !== undefined)
        problems.push(`environments[${index}].${key}: '${value}' is already used by environments[${previous}]; expected a unique ${key}`);
      else seen.set(`${key}:${value}`, index);
    }
  }
  if (inputs.length === 0) problems.push('environments: expected at least one environment');
  if (problems.length > 0) throw new EnvironmentConfigError(problems, firstCause !== undefined ? { cause: firstCause } : undefined);
  return parsed.map((p) => p.env);
}
