import type { EnvironmentInput } from './environment';

/**
 * The deployed environments. Account ids are the team's; the alert address for
 * prod is the on-call list. Edit here, then `npm run synth` validates.
 */
export const ENVIRONMENTS: readonly EnvironmentInput[] = [
  {
    name: 'dev',
    namePrefix: 'logtel-dev',
    accountId: '111111111111',
    region: 'us-east-1',
    production: false,
    // Placeholder values below (account, repository): not deployable until replaced (docs/deploy.md).
    deployable: false,
    alertEmails: [],
    // Remote state in the dev account's own bootstrap bucket: pull requests plan dev against it.
    backend: { kind: 's3', bucket: 'logtel-tfstate-111111111111' },
    stream: { mode: 'ON_DEMAND' },
    processor: {
      batchSize: 500,
      parallelizationFactor: 1,
      maximumBatchingWindowSeconds: 5,
      maximumRetryAttempts: 5,
      maximumRecordAgeSeconds: 3600,
      memoryMb: 512,
      timeoutSeconds: 60,
      maxFutureSkewSeconds: 300,
      logRetentionDays: 14,
    },
    storage: { noncurrentVersionExpirationDays: 7, logExpirationDays: 30, athenaResultsExpirationDays: 7, forceDestroy: true },
    athena: { bytesScannedCutoffPerQuery: 1_073_741_824 },
    glue: { crawlerSchedule: 'cron(0 */6 * * ? *)', jobSchedule: 'cron(15 2 * * ? *)' },
    opensearch: { enabled: false, instanceType: 't3.small.search', instanceCount: 1, volumeSizeGb: 10, indexRetentionDays: 7 },
    quicksight: { enabled: false },
  },
  {
    name: 'prod',
    namePrefix: 'logtel-prod',
    accountId: '222222222222',
    region: 'us-east-1',
    production: true,
    // Placeholder values below (account, e-mail, state bucket, CIDR, repository): not deployable until replaced (docs/deploy.md).
    deployable: false,
    alertEmails: ['oncall-streaming@example.com'],
    backend: { kind: 's3', bucket: 'logtel-tfstate-222222222222' },
    stream: { mode: 'ON_DEMAND' },
    streamRetentionHours: { 'access-logs': 168 },
    processor: {
      batchSize: 1000,
      parallelizationFactor: 2,
      // Real-time alerts in prod: the processor does not queue behind the raw Firehose's reads.
      enhancedFanOut: true,
      maximumBatchingWindowSeconds: 2,
      maximumRetryAttempts: 10,
      maximumRecordAgeSeconds: 21_600,
      memoryMb: 1024,
      timeoutSeconds: 120,
      maxFutureSkewSeconds: 300,
      logRetentionDays: 90,
    },
    storage: { noncurrentVersionExpirationDays: 30, logExpirationDays: 365, athenaResultsExpirationDays: 30, forceDestroy: false },
    athena: { bytesScannedCutoffPerQuery: 10_737_418_240 },
    glue: { crawlerSchedule: 'cron(0 * * * ? *)', jobSchedule: 'cron(15 1 * * ? *)' },
    opensearch: {
      enabled: true,
      instanceType: 'r6g.large.search',
      // Three data nodes in three zones behind three dedicated masters: losing a node or a zone
      // leaves a quorum of masters and a replica of every shard.
      instanceCount: 3,
      zoneCount: 3,
      dedicatedMasterType: 'm6g.large.search',
      dedicatedMasterCount: 3,
      volumeSizeGb: 100,
      indexRetentionDays: 30,
      // Operators assume this role to administer the domain (create it before the first deploy).
      masterUserArn: 'arn:aws:iam::222222222222:role/logtel-prod-opensearch-admin',
    },
    quicksight: { enabled: false },
  },
];
