import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SnsTopicPolicy } from '@cdktf/provider-aws/lib/sns-topic-policy';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import { Construct } from 'constructs';
import { policyDocument } from '../iam/policy-document';
import { DataKey } from '../storage/data-key';
import { PropsCheck } from '../props-error';
import { ALERT_TOPIC_DEFAULTS } from './alert-topic-defaults';

export interface AlertTopicProps {
  /** Resource name prefix (`namePrefix` of the environment). */
  readonly namePrefix: string;
  /** Account that owns the topic; scopes the key and topic policies. */
  readonly accountId: string;
  /** Addresses subscribed by e-mail (each must confirm once). @default [] */
  readonly emails?: readonly string[];
  /** Days before a deleted key is gone. @default 30 */
  readonly keyDeletionWindowDays?: number;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * The environment's one alert topic. It is encrypted with its own customer-managed
 * key because CloudWatch cannot use the AWS-managed `aws/sns` key: notifications to
 * such a topic fail silently.
 */
export class AlertTopic extends Construct {
  readonly key: DataKey;
  readonly topic: SnsTopic;
  readonly subscriptions: readonly SnsTopicSubscription[];

  constructor(scope: Construct, id: string, props: AlertTopicProps) {
    super(scope, id);
    const emails = props.emails ?? ALERT_TOPIC_DEFAULTS.emails;
    const deletionWindow = props.keyDeletionWindowDays ?? ALERT_TOPIC_DEFAULTS.keyDeletionWindowDays;
    const check = new PropsCheck('AlertTopic');
    for (const bad of emails.filter((e) => !EMAIL.test(e))) check.add('emails', `'${bad}' is not an e-mail address`);
    check.expect(
      Number.isInteger(deletionWindow) && deletionWindow >= 7 && deletionWindow <= 30,
      'keyDeletionWindowDays',
      `${deletionWindow}; expected an integer from 7 to 30`,
    );
    check.throwIfAny();

    // The data key's policy shape (the account administers it with listed actions, never
    // `kms:*`), plus CloudWatch, which must encrypt with it to publish to the topic.
    this.key = new DataKey(this, 'key', {
      alias: `${props.namePrefix}-alerts`,
      description: `${props.namePrefix} alert topic`,
      accountId: props.accountId,
      deletionWindowInDays: deletionWindow,
      extraStatements: [
        {
          Sid: 'CloudWatchAlarms',
          Effect: 'Allow',
          Principal: { Service: 'cloudwatch.amazonaws.com' },
          Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
          Resource: '*',
          Condition: { StringEquals: { 'aws:SourceAccount': props.accountId } },
        },
      ],
    });

    this.topic = new SnsTopic(this, 'topic', { name: `${props.namePrefix}-alerts`, kmsMasterKeyId: this.key.key.arn });
    const topicPolicy = policyDocument([
      {
        Sid: 'CloudWatchAlarmsPublish',
        Effect: 'Allow',
        Principal: { Service: 'cloudwatch.amazonaws.com' },
        Action: 'sns:Publish',
        Resource: this.topic.arn,
        Condition: { StringEquals: { 'aws:SourceAccount': props.accountId } },
      },
      {
        Sid: 'DenyInsecureTransport',
        Effect: 'Deny',
        Principal: '*',
        Action: 'sns:Publish',
        Resource: this.topic.arn,
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      },
    ]);
    new SnsTopicPolicy(this, 'topic-policy-attachment', { arn: this.topic.arn, policy: topicPolicy });

    this.subscriptions = emails.map(
      (email, index) => new SnsTopicSubscription(this, `email-${index}`, { topicArn: this.topic.arn, protocol: 'email', endpoint: email }),
    );
  }
}
