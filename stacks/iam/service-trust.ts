import { terraformJson } from '../terraform-text';

/**
 * The services this project lets assume its roles, each with the confused-deputy
 * condition its own documentation gives for the role's trust policy, and the page that
 * shows it. Not every service sends `aws:SourceAccount` on `sts:AssumeRole`, and AWS
 * publishes no list of those that do: a condition the service does not satisfy makes the
 * role unusable, so a service gets exactly the documented condition, or none.
 */
export const SERVICE_TRUST = {
  'firehose.amazonaws.com': {
    // "Allow Firehose to assume an IAM role": the trust policy's condition is sts:ExternalId = the account id.
    source: 'https://docs.aws.amazon.com/firehose/latest/dev/controlling-access.html#firehose-assume-role',
    condition: (accountId: string) => ({ StringEquals: { 'sts:ExternalId': accountId } }),
  },
  'lambda.amazonaws.com': {
    // The execution role's trust policy names the service principal only.
    source: 'https://docs.aws.amazon.com/lambda/latest/dg/lambda-intro-execution-role.html',
    condition: undefined,
  },
  'glue.amazonaws.com': {
    // The service role for crawlers and jobs trusts glue.amazonaws.com, with no documented condition.
    source: 'https://docs.aws.amazon.com/glue/latest/dg/create-an-iam-role.html',
    condition: undefined,
  },
} as const satisfies Record<
  string,
  { readonly source: string; readonly condition: ((accountId: string) => Record<string, Record<string, string>>) | undefined }
>;

export type TrustedService = keyof typeof SERVICE_TRUST;

/** The trust policy that lets one AWS service assume a role, with the condition that service documents. */
export function serviceTrustPolicy(service: TrustedService, accountId: string): string {
  const trust = SERVICE_TRUST[service];
  const condition = trust.condition?.(accountId);
  return terraformJson({
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole', ...(condition ? { Condition: condition } : {}) },
    ],
  });
}
