import { AthenaWorkgroup } from '@cdktf/provider-aws/lib/athena-workgroup';
import { Construct } from 'constructs';
import { PropsCheck } from '../props-error';

/** Athena's minimum per-query cutoff (10 MiB). */
export const MIN_BYTES_SCANNED_CUTOFF = 10_485_760;

export interface AnalyticsWorkgroupProps {
  /** `athenaWorkgroupName(env)`. */
  readonly name: string;
  readonly resultsBucketName: string;
  /** Key query results are encrypted with (SSE-KMS). */
  readonly kmsKeyArn: string;
  /** Config `athena.bytesScannedCutoffPerQuery`. */
  readonly bytesScannedCutoffPerQuery: number;
  /** Account that must own the results bucket. @default not checked */
  readonly expectedBucketOwner?: string;
  /** Delete the workgroup with its saved queries and history on destroy. @default false */
  readonly forceDestroy?: boolean;
}

/**
 * The environment's Athena workgroup. Its configuration is enforced, so no client
 * can send results elsewhere, unencrypted, or scan past the cutoff. Named queries
 * are NOT created here: the migration runner's sync owns them (docs/architecture.md).
 */
export class AnalyticsWorkgroup extends Construct {
  readonly workgroup: AthenaWorkgroup;

  constructor(scope: Construct, id: string, props: AnalyticsWorkgroupProps) {
    super(scope, id);
    const cutoff = props.bytesScannedCutoffPerQuery;
    new PropsCheck('AnalyticsWorkgroup')
      .expect(
        Number.isInteger(cutoff) && cutoff >= MIN_BYTES_SCANNED_CUTOFF,
        'bytesScannedCutoffPerQuery',
        `${cutoff}; expected an integer of at least ${MIN_BYTES_SCANNED_CUTOFF} (10 MiB, the Athena minimum)`,
      )
      .throwIfAny();
    this.workgroup = new AthenaWorkgroup(this, 'workgroup', {
      name: props.name,
      description: 'Analytics queries over the pipeline datasets; configuration enforced.',
      state: 'ENABLED',
      forceDestroy: props.forceDestroy ?? false,
      configuration: {
        enforceWorkgroupConfiguration: true,
        publishCloudwatchMetricsEnabled: true,
        bytesScannedCutoffPerQuery: cutoff,
        engineVersion: { selectedEngineVersion: 'AUTO' },
        resultConfiguration: {
          outputLocation: `s3://${props.resultsBucketName}/results/`,
          encryptionConfiguration: { encryptionOption: 'SSE_KMS', kmsKeyArn: props.kmsKeyArn },
          ...(props.expectedBucketOwner ? { expectedBucketOwner: props.expectedBucketOwner } : {}),
        },
      },
    });
  }
}
