import { iamRoleArn } from './arns';

/**
 * Names shared by the search constructs and the OpenSearch bootstrap command, so
 * the bootstrap can find what Terraform created from the config alone.
 */

/** IAM role of a search Firehose: named like the delivery stream. */
export function searchDeliveryRoleName(deliveryStreamName: string): string {
  return deliveryStreamName;
}

export function searchDeliveryRoleArn(accountId: string, deliveryStreamName: string): string {
  return iamRoleArn(accountId, searchDeliveryRoleName(deliveryStreamName));
}

/** OpenSearch domain names: 3-28 characters, lower-case letters, digits and hyphens, starting with a letter. */
export const DOMAIN_NAME_PATTERN = /^[a-z][a-z0-9-]{2,27}$/;
