import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { CloudwatchLogStream } from '@cdktf/provider-aws/lib/cloudwatch-log-stream';
import { Construct } from 'constructs';
import { checkLogRetention } from '../log-retention';
import { PropsCheck } from '../props-error';

export interface DeliveryLogGroupProps {
  readonly name: string;
  readonly retentionInDays: number;
  readonly kmsKeyArn: string;
  /** One log stream per delivery stream that reports here. */
  readonly streams: readonly string[];
}

/** Encrypted log group, with a retention, for Firehose delivery errors. */
export class DeliveryLogGroup extends Construct {
  public readonly logGroup: CloudwatchLogGroup;
  public readonly logStreams: Readonly<Record<string, CloudwatchLogStream>>;

  constructor(scope: Construct, id: string, props: DeliveryLogGroupProps) {
    super(scope, id);
    const check = new PropsCheck(`DeliveryLogGroup[${id}]`);
    checkLogRetention(check, 'retentionInDays', props.retentionInDays);
    check.expect(props.streams.length > 0, 'streams', 'expected at least one delivery stream');
    check.throwIfAny();
    this.logGroup = new CloudwatchLogGroup(this, 'group', {
      name: props.name,
      retentionInDays: props.retentionInDays,
      kmsKeyId: props.kmsKeyArn,
    });
    const streams: Record<string, CloudwatchLogStream> = {};
    for (const stream of props.streams) {
      streams[stream] = new CloudwatchLogStream(this, `stream-${stream}`, { name: stream, logGroupName: this.logGroup.name });
    }
    this.logStreams = streams;
  }

  /** ARN pattern covering the group's streams, for `logs:PutLogEvents`. */
  public get streamsArn(): string {
    return `${this.logGroup.arn}:log-stream:*`;
  }
}
